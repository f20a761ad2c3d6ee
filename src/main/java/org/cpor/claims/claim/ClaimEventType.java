package org.cpor.claims.claim;

/** What happened to a claim, as kept in its history. */
public enum ClaimEventType {
  SUBMITTED,
  CHECKS_PASSED,
  CHECKS_FLAGGED,
  REVIEW_STARTED,
  APPROVED_BY_VALIDATOR,
  REJECTED_BY_VALIDATOR,
  INFORMATION_REQUESTED,
  PARTNER_ANSWERED,
  CUSTOMER_NOTIFIED,
  CUSTOMER_OPTED_OUT,
  WITHDRAWN,
  REJECTED,
  OFFICIAL,
  SUPERSEDED,
  EMAIL_SENT,
  EMAIL_NOT_SENT,
  /** The partner disputed the rejection. */
  DISPUTED,
  DISPUTE_OVERTURNED,
  DISPUTE_UPHELD,
  /** 30 days passed without a dispute: the rejection is final. */
  DISPUTE_WINDOW_CLOSED,
  /** A review passed its due date: escalated to the validator leads. */
  REVIEW_OVERDUE,
  /**
   * An official association ended: the customer or the partner ended it, or its subscription
   * expired (the detail says which and why).
   */
  ASSOCIATION_ENDED,
  /** The partner saved the claim as a draft (not submitted). */
  DRAFT_SAVED,
  /** The partner corrected one field of the claim: the detail has its value before and after. */
  CORRECTED
}
