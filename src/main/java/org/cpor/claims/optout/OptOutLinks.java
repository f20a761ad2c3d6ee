package org.cpor.claims.optout;

import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The link in the customer's mail that opens the opt-out page: to decline until the opt-out
 * deadline, then to end the association while it is official (it is spent once that has ended).
 */
@Component
public class OptOutLinks {

  private final OptOutTokens tokens;
  private final String publicUrl;

  public OptOutLinks(OptOutTokens tokens, @Value("${cpor.public-url}") String publicUrl) {
    this.tokens = tokens;
    this.publicUrl =
        publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  public String linkFor(String claimId, Instant deadline) {
    return publicUrl + OptOutController.PATH + "/" + tokens.issue(claimId, deadline);
  }
}
