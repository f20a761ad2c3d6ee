package org.cpor.claims.claim;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.cpor.claims.calendar.EngineClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Proof-of-execution documents, stored in the application's tables and typed by their content. */
@Repository
class ProofDocuments {

  public static final long MAX_BYTES = 10L * 1024 * 1024;

  /** The accepted kinds, recognised by their first bytes, never by the file name. */
  public enum Kind {
    PDF("application/pdf"),
    PNG("image/png"),
    JPEG("image/jpeg"),
    DOCX("application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private final String contentType;

    Kind(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  public record Document(String fileName, String contentType, byte[] content) {}

  private final JdbcClient jdbc;

  ProofDocuments(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public static Optional<Kind> kindOf(byte[] content) {
    if (startsWith(content, "%PDF-".getBytes())) {
      return Optional.of(Kind.PDF);
    }
    if (startsWith(content, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})) {
      return Optional.of(Kind.PNG);
    }
    if (startsWith(content, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})) {
      return Optional.of(Kind.JPEG);
    }
    if (startsWith(content, new byte[] {'P', 'K', 3, 4}) && isWordDocument(content)) {
      return Optional.of(Kind.DOCX);
    }
    return Optional.empty();
  }

  /** Stores the document; returns its id. */
  public long store(String claimId, String fileName, Kind kind, byte[] content) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into proof_document (claim_id, file_name, content_type, size_bytes, content, uploaded_at)
            values (?, ?, ?, ?, ?, ?)""")
        .params(
            claimId,
            fileName,
            kind.contentType(),
            content.length,
            content,
            Timestamp.from(EngineClock.now()))
        .update(key, "id");
    return key.getKey().longValue();
  }

  public Optional<Document> find(String claimId, long documentId) {
    return jdbc.sql(
            "select file_name, content_type, content from proof_document where claim_id = ? and id = ?")
        .params(claimId, documentId)
        .query((rs, row) -> new Document(rs.getString(1), rs.getString(2), rs.getBytes(3)))
        .optional();
  }

  /** The newest document of the claim. */
  public Optional<Document> latest(String claimId) {
    return jdbc
        .sql(
            "select file_name, content_type, content from proof_document where claim_id = ? order by id desc")
        .param(claimId)
        .query((rs, row) -> new Document(rs.getString(1), rs.getString(2), rs.getBytes(3)))
        .stream()
        .findFirst();
  }

  private static boolean startsWith(byte[] content, byte[] magic) {
    return content.length >= magic.length
        && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
  }

  /** A DOCX is a ZIP archive with a word/document.xml part; any other ZIP is refused. */
  private static boolean isWordDocument(byte[] content) {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().equals("word/document.xml")) {
          return true;
        }
      }
      return false;
    } catch (IOException | IllegalArgumentException notAZip) {
      return false;
    }
  }
}
