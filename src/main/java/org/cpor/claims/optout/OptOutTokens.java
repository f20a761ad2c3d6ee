package org.cpor.claims.optout;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The customer's opt-out link token: the claim id and the opt-out deadline, signed with
 * HMAC-SHA256. It cannot be guessed or altered without the secret. The deadline says until when the
 * customer may decline; what the link allows afterwards follows the claim (OptOutService).
 */
@Component
public class OptOutTokens {

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  public OptOutTokens(@Value("${cpor.opt-out.token-secret:}") String secret) {
    if (secret.isBlank()) {
      throw new IllegalStateException(
          "cpor.opt-out.token-secret is not set: opt-out links cannot be signed");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** What a valid token says. */
  public record OptOut(String claimId, Instant deadline) {}

  public String issue(String claimId, Instant deadline) {
    String payload = claimId + "|" + deadline.getEpochSecond();
    return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + ENCODER.encodeToString(sign(payload));
  }

  /**
   * The token's claim and deadline, or empty for a token that was not issued here (or was altered).
   */
  public Optional<OptOut> verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0 || token.length() > 512) {
      return Optional.empty();
    }
    try {
      String payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
      byte[] signature = DECODER.decode(token.substring(dot + 1));
      if (!MessageDigest.isEqual(sign(payload), signature)) {
        return Optional.empty();
      }
      int bar = payload.lastIndexOf('|');
      return Optional.of(
          new OptOut(
              payload.substring(0, bar),
              Instant.ofEpochSecond(Long.parseLong(payload.substring(bar + 1)))));
    } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
      return Optional.empty();
    }
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
