package org.cpor.claims.claim;

/** Why a validator asks the partner for more information. */
public enum InformationReason {
  POE_MISSING_OR_UNRELATED("Proof of execution missing or not about this claim"),
  CUSTOMER_SIGNATURE_MISSING("Customer signature missing"),
  DATES_MISSING_OR_TOO_OLD("Dates missing or too old"),
  PARTNER_WORK_NOT_DESCRIBED("The partner's work is not described"),
  PRODUCT_MISSING_FROM_POE("A claimed product is missing from the proof of execution");

  private final String label;

  InformationReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
