package org.cpor.claims.claim;

import java.io.Serializable;
import java.time.Instant;

/**
 * A partner's claim, as stored in the application's own table: what the partner claims ({@link
 * ClaimContent}) and where it stands.
 */
public record Claim(
    String id,
    String processInstanceId,
    String partnerId,
    ClaimContent content,
    ClaimStatus status,
    RejectionReason rejectionReason,
    Instant reviewDueAt,
    Instant informationDueAt,
    Instant optOutDeadline,
    Instant submittedAt,
    Instant updatedAt,
    String checkFindings)
    implements Serializable {

  /** A claim as submitted, before its process registers it. */
  public static Claim submitted(String id, String partnerId, ClaimContent content) {
    return new Claim(
        id,
        null,
        partnerId,
        content,
        ClaimStatus.SUBMITTED,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The submitted claim as registered by its process: with the process instance and the time. */
  public Claim registered(String processInstanceId, Instant at) {
    return new Claim(
        id,
        processInstanceId,
        partnerId,
        content,
        ClaimStatus.SUBMITTED,
        null,
        null,
        null,
        null,
        at,
        at,
        null);
  }
}
