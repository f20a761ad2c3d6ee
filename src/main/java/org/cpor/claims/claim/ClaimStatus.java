package org.cpor.claims.claim;

import java.util.List;

/** The claim's status as partners see it. */
public enum ClaimStatus {
  SUBMITTED,
  UNDER_REVIEW,
  PARTNER_ACTION_REQUIRED,
  APPROVED,
  OFFICIAL,
  REJECTED;

  /** Statuses of a claim that is still in flight: it blocks an identical claim. */
  public static final List<ClaimStatus> IN_FLIGHT =
      List.of(SUBMITTED, UNDER_REVIEW, PARTNER_ACTION_REQUIRED, APPROVED);
}
