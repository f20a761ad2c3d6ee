package org.cpor.claims.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The customer's signed opt-out link: what it carries, and that nobody can make or change one. */
class OptOutTokensTest {

  static final Instant DEADLINE = Instant.parse("2026-12-08T08:00:00Z");

  final OptOutTokens tokens = new OptOutTokens("a-secret-of-at-least-thirty-two-characters");

  @Test
  void aTokenCarriesItsClaimAndDeadline() {
    assertThat(tokens.verify(tokens.issue("CPOR-1000", DEADLINE)))
        .contains(new OptOutTokens.OptOut("CPOR-1000", DEADLINE));
  }

  @Test
  void anotherClaimOrDeadlineCannotBeWrittenIntoAToken() {
    String token = tokens.issue("CPOR-1000", DEADLINE);
    String signature = token.substring(token.indexOf('.'));
    String otherClaim =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("CPOR-1001|" + DEADLINE.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
    String laterDeadline =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("CPOR-1000|" + DEADLINE.plusSeconds(86_400).getEpochSecond())
                    .getBytes(StandardCharsets.UTF_8));

    assertThat(tokens.verify(otherClaim + signature)).isEmpty();
    assertThat(tokens.verify(laterDeadline + signature)).isEmpty();
  }

  @Test
  void aTokenSignedWithAnotherSecretIsUnknown() {
    String foreign =
        new OptOutTokens("another-secret-of-at-least-thirty-two-chars")
            .issue("CPOR-1000", DEADLINE);

    assertThat(tokens.verify(foreign)).isEmpty();
  }

  @Test
  void malformedTokensAreUnknownNotErrors() {
    assertThat(tokens.verify(null)).isEmpty();
    assertThat(tokens.verify("")).isEmpty();
    assertThat(tokens.verify("no-dot")).isEmpty();
    assertThat(tokens.verify(".signature-only")).isEmpty();
    assertThat(tokens.verify("!!!.???")).isEmpty();
    assertThat(tokens.verify("x".repeat(600) + ".y")).isEmpty();
  }

  @Test
  void withoutASecretNoLinkCanBeSigned() {
    assertThatThrownBy(() -> new OptOutTokens(" "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cpor.opt-out.token-secret");
  }
}
