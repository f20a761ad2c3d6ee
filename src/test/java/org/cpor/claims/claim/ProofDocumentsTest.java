package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** A proof of execution is recognised by its content, whatever its name says. */
class ProofDocumentsTest {

  @Test
  void pdfPngAndJpegByTheirFirstBytes() {
    assertThat(ProofDocuments.kindOf("%PDF-1.7\n...".getBytes(StandardCharsets.US_ASCII)))
        .contains(ProofDocuments.Kind.PDF);
    assertThat(
            ProofDocuments.kindOf(
                new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0}))
        .contains(ProofDocuments.Kind.PNG);
    assertThat(
            ProofDocuments.kindOf(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}))
        .contains(ProofDocuments.Kind.JPEG);
  }

  @Test
  void aWordDocumentIsAZipWithItsDocumentPart() throws IOException {
    assertThat(ProofDocuments.kindOf(zipWith("word/document.xml")))
        .contains(ProofDocuments.Kind.DOCX);
    // Any other zip (a spreadsheet, an archive of scripts) is not a proof of execution.
    assertThat(ProofDocuments.kindOf(zipWith("xl/workbook.xml"))).isEmpty();
  }

  @Test
  void anythingElseIsRefused() {
    assertThat(ProofDocuments.kindOf(new byte[0])).isEmpty();
    assertThat(ProofDocuments.kindOf("<html>%PDF-".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    assertThat(ProofDocuments.kindOf(new byte[] {'P', 'K', 3, 4, 1, 2, 3})).isEmpty();
    assertThat(ProofDocuments.kindOf("MZ\u0090\u0000".getBytes(StandardCharsets.ISO_8859_1)))
        .isEmpty();
  }

  @Test
  void eachKindHasItsContentType() {
    assertThat(ProofDocuments.Kind.DOCX.contentType())
        .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assertThat(ProofDocuments.Kind.PDF.contentType()).isEqualTo("application/pdf");
  }

  private static byte[] zipWith(String entry) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write("<w:document/>".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
