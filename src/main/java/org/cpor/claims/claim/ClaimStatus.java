package org.cpor.claims.claim;

/** The claim's status as partners see it. */
public enum ClaimStatus {
  SUBMITTED,
  UNDER_REVIEW,
  PARTNER_ACTION_REQUIRED,
  APPROVED,
  OFFICIAL,
  REJECTED;

  /** Statuses of a claim that is still in flight: it blocks an identical claim. */
  public static final java.util.List<ClaimStatus> IN_FLIGHT =
      java.util.List.of(SUBMITTED, UNDER_REVIEW, PARTNER_ACTION_REQUIRED, APPROVED);
}
