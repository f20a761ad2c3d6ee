package org.cpor.claims.association;

/** Who (or what) ended an official association. */
public enum EndedBy {
  /** The customer, through the signed link of the notification mail. */
  CUSTOMER("the customer"),
  /** The partner, through {@code POST /api/associations/{id}/end}, with a reason. */
  PARTNER("the partner"),
  /** The customer's subscription passed its end date (subscription claims only). */
  SUBSCRIPTION_EXPIRED("the end of the subscription");

  private final String label;

  EndedBy(String label) {
    this.label = label;
  }

  /** In words, for mails, pages and the history: "the customer". */
  public String label() {
    return label;
  }
}
