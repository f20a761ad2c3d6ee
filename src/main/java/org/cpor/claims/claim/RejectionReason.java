package org.cpor.claims.claim;

/** Why a claim was rejected, in the words Partner Center uses. */
public enum RejectionReason {
  INSUFFICIENT_PROOF_OF_EXECUTION("Insufficient proof of execution"),
  CUSTOMER_DECLINED("Customer declined"),
  NO_PARTNER_RESPONSE("No partner response"),
  PARTNER_REQUEST("Partner request"),
  MISSING_CUSTOMER_CONSENT("Missing customer consent on proof of execution"),
  MISSING_PRODUCTS("Missing products"),
  POE_UNAVAILABLE("Proof of execution unavailable"),
  DUPLICATE("Duplicate"),
  /** The automated checks found a rule the claim breaks; the history names the rule. */
  FAILED_AUTOMATED_CHECKS("Failed the automated checks");

  private final String label;

  RejectionReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * Whether the partner may dispute a rejection for this reason: not when the customer declined or
   * the partner itself asked for it (a withdrawal).
   */
  public boolean isDisputable() {
    return this != CUSTOMER_DECLINED && this != PARTNER_REQUEST;
  }
}
