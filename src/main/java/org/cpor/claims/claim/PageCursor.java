package org.cpor.claims.claim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Where a page of a list sorted newest first ends: the last row's time and ID. The next page starts
 * right after it (keyset pagination), so a page costs the same however deep it is, and rows added
 * meanwhile (newer, so before the cursor) neither shift nor repeat the rows still to come. Clients
 * get it as an opaque {@code nextCursor} and send it back as {@code cursor}.
 */
record PageCursor(String list, Instant at, String key) {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  static final int MAX_LENGTH = 200;

  String encode() {
    String plain = list + "|" + at.getEpochSecond() + "|" + at.getNano() + "|" + key;
    return ENCODER.encodeToString((checksum(plain) + "|" + plain).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cursor that a page of {@code list} answered with; a 400 naming {@code cursor} for anything
   * else (made up, cut short, or another list's).
   */
  static PageCursor decode(String list, String cursor) {
    if (cursor != null && !cursor.isBlank() && cursor.length() <= MAX_LENGTH) {
      try {
        String[] sum =
            new String(DECODER.decode(cursor.trim()), StandardCharsets.UTF_8).split("\\|", 2);
        String[] parts = sum.length == 2 ? sum[1].split("\\|", 4) : new String[0];
        if (parts.length == 4
            && sum[0].equals(checksum(sum[1]))
            && parts[0].equals(list)
            && !parts[3].isEmpty()) {
          Instant at = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
          return new PageCursor(list, at, parts[3]);
        }
      } catch (IllegalArgumentException | java.time.DateTimeException notOurs) {
        // answered below (NumberFormatException is an IllegalArgumentException)
      }
    }
    throw ClaimProblems.InvalidInput.of(
        "cursor", "must be the nextCursor of an earlier page of " + list + ", unchanged");
  }

  // Tells a cursor cut short or garbled in transit from one this API made (not a secret: a cursor
  // only ever reaches into its own partner's list).
  private static String checksum(String plain) {
    CRC32 crc = new CRC32();
    crc.update(plain.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }
}
