package org.cpor.claims.claim;

import java.io.Serializable;
import java.time.Instant;
import org.cpor.claims.partner.PartnerOrganisation;

/**
 * A partner's claim, as stored in the application's own table: what the partner claims ({@link
 * ClaimContent}) and where it stands.
 */
public record Claim(
    String id,
    String processInstanceId,
    String partnerId,
    String partnerName,
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

  /**
   * A claim as submitted, before its process registers it, with the partner organisation's name as
   * the directory has it now (null if the directory does not know the partner).
   */
  public static Claim submitted(
      String id, String partnerId, String partnerName, ClaimContent content) {
    return new Claim(
        id,
        null,
        partnerId,
        partnerName,
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

  /**
   * A claim saved as a draft: stored without a process; {@code submittedAt} is when it was first
   * saved until it is submitted.
   */
  public static Claim draft(
      String id, String partnerId, String partnerName, ClaimContent content, Instant at) {
    return new Claim(
        id,
        null,
        partnerId,
        partnerName,
        content,
        ClaimStatus.DRAFT,
        null,
        null,
        null,
        null,
        at,
        at,
        null);
  }

  /** The same claim with other content (a correction). */
  public Claim withContent(ClaimContent corrected) {
    return new Claim(
        id,
        processInstanceId,
        partnerId,
        partnerName,
        corrected,
        status,
        rejectionReason,
        reviewDueAt,
        informationDueAt,
        optOutDeadline,
        submittedAt,
        updatedAt,
        checkFindings);
  }

  /**
   * Who claims, as a customer recognises it: the organisation first, then its partner ID and the
   * contact ("Northwind Traders, Microsoft partner 1000001; contact: Pat Partner,
   * pat@northwind.example.com").
   */
  public String partnerIntroduction() {
    String organisation =
        partnerName == null || partnerName.isBlank()
            ? "Microsoft partner " + partnerId
            : partnerName + ", Microsoft partner " + partnerId;
    return organisation
        + "; contact: "
        + content.partnerContactName()
        + ", "
        + content.partnerContactEmail();
  }

  /** Who claims, in words: "Northwind Traders (Microsoft partner 1000001)". */
  public String partnerLabel() {
    return PartnerOrganisation.label(partnerName, partnerId);
  }

  /** The submitted claim as registered by its process: with the process instance and the time. */
  public Claim registered(String processInstanceId, Instant at) {
    return new Claim(
        id,
        processInstanceId,
        partnerId,
        partnerName,
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
