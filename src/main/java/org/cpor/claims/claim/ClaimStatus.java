package org.cpor.claims.claim;

import java.util.List;

/** The claim's status as partners see it. */
public enum ClaimStatus {
  /**
   * Saved by the partner, not submitted: no process, no checks, no mails; deleted after 30 days
   * without a change.
   */
  DRAFT,
  SUBMITTED,
  UNDER_REVIEW,
  PARTNER_ACTION_REQUIRED,
  APPROVED,
  OFFICIAL,
  REJECTED;

  /** Statuses of a claim that is still in flight: it blocks an identical claim. */
  public static final List<ClaimStatus> IN_FLIGHT =
      List.of(SUBMITTED, UNDER_REVIEW, PARTNER_ACTION_REQUIRED, APPROVED);

  /** Statuses in which the partner may correct the claim ({@code PATCH /api/claims/{id}}). */
  public static final List<ClaimStatus> CORRECTABLE =
      List.of(DRAFT, SUBMITTED, PARTNER_ACTION_REQUIRED);
}
