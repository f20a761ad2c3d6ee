package org.cpor.claims.claim;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** What the partner API shows of a claim: the partner's own data, never another partner's. */
final class ClaimViews {

  private ClaimViews() {}

  public record Summary(
      String id,
      String claimName,
      String customerDomain,
      List<String> workloads,
      ClaimStatus status,
      RejectionReason rejectionReason,
      Instant submittedAt,
      Instant updatedAt) {

    static Summary of(Claim claim) {
      return new Summary(
          claim.id(),
          claim.content().claimName(),
          claim.content().customerDomain(),
          claim.content().workloads(),
          claim.status(),
          claim.rejectionReason(),
          claim.submittedAt(),
          claim.updatedAt());
    }
  }

  public record Detail(
      String id,
      String partnerId,
      String partnerName,
      String claimName,
      String customerDomain,
      String customerTenantId,
      String solutionArea,
      String activity,
      List<String> workloads,
      String subscriptionId,
      String customerContactName,
      String customerContactTitle,
      String customerContactEmail,
      String customerTechnicalContactName,
      String customerTechnicalContactEmail,
      String partnerContactName,
      String partnerContactEmail,
      String proofOfExecution,
      String comments,
      String solutionSellerName,
      String customerName,
      String isvProductName,
      String subscriptionEndDate,
      String customerLanguage,
      String partnerLanguage,
      ClaimStatus status,
      RejectionReason rejectionReason,
      String rejectionReasonText,
      Deadlines deadlines,
      List<HistoryEntry> history,
      DisputeView dispute) {

    static Detail of(Claim claim, List<ClaimEvent> events) {
      return of(claim, events, null);
    }

    static Detail of(Claim claim, List<ClaimEvent> events, ClaimDisputes.Dispute dispute) {
      return new Detail(
          claim.id(),
          claim.partnerId(),
          claim.partnerName(),
          claim.content().claimName(),
          claim.content().customerDomain(),
          claim.content().customerTenantId(),
          claim.content().solutionArea(),
          claim.content().activity(),
          claim.content().workloads(),
          claim.content().subscriptionId(),
          claim.content().customerContactName(),
          claim.content().customerContactTitle(),
          claim.content().customerContactEmail(),
          claim.content().customerTechnicalContactName(),
          claim.content().customerTechnicalContactEmail(),
          claim.content().partnerContactName(),
          claim.content().partnerContactEmail(),
          claim.content().proofOfExecution(),
          claim.content().comments(),
          claim.content().solutionSellerName(),
          claim.content().customerName(),
          claim.content().isvProductName(),
          claim.content().subscriptionEndDate(),
          claim.content().customerLanguage(),
          claim.content().partnerLanguage(),
          claim.status(),
          claim.rejectionReason(),
          claim.rejectionReason() == null ? null : claim.rejectionReason().label(),
          new Deadlines(claim.reviewDueAt(), claim.informationDueAt(), claim.optOutDeadline()),
          events.stream().map(HistoryEntry::forPartner).toList(),
          dispute == null ? null : DisputeView.of(dispute, claim.status()));
    }
  }

  /**
   * The partner's dispute of the rejection: outcome {@code IN_REVIEW} until a validator decides.
   */
  public record DisputeView(
      String reason,
      String proofOfExecution,
      Instant submittedAt,
      RejectionReason disputedRejectionReason,
      String outcome,
      Instant decidedAt,
      String decisionComment) {

    static DisputeView of(ClaimDisputes.Dispute dispute, ClaimStatus status) {
      String undecided = status == ClaimStatus.UNDER_REVIEW ? "IN_REVIEW" : "WITHDRAWN";
      return new DisputeView(
          dispute.reason(),
          dispute.proofOfExecution(),
          dispute.submittedAt(),
          dispute.rejectionReason(),
          dispute.outcome() == null ? undecided : dispute.outcome().name(),
          dispute.decidedAt(),
          dispute.decisionComment());
    }
  }

  /**
   * The claim's clocks: the review SLA, the partner's time to answer, the customer's opt-out
   * window.
   */
  @Schema(
      description =
          "Each deadline is the first moment after its window (in UTC): a deadline at midnight"
              + " Pacific Time leaves the whole previous day, and mails and pages word it as \"the"
              + " end of\" that day")
  public record Deadlines(
      @Schema(description = "The validator's review is due (five business days)")
          Instant reviewDueAt,
      @Schema(description = "The partner's answer is due, while more information is requested")
          Instant informationDueAt,
      @Schema(description = "The customer may opt out until just before this moment")
          Instant optOutDeadline) {}

  public record HistoryEntry(Instant at, String actor, ClaimEventType type, String detail) {

    /**
     * The automated checks' flags may name competing partners: the partner sees that there were
     * some.
     */
    static HistoryEntry forPartner(ClaimEvent event) {
      String detail =
          event.type() == ClaimEventType.CHECKS_FLAGGED
              ? "The automated checks passed and flagged the claim for the validator's attention."
              : event.detail();
      return new HistoryEntry(event.occurredAt(), event.actor(), event.type(), detail);
    }
  }

  /**
   * A page of a list, newest first. {@code nextCursor} (null on the last page) asks for the page
   * after it. {@code page} is there when the page was asked for by number, {@code totalElements}
   * and {@code totalPages} only when asked for ({@code total=true}): counting reads all of the
   * partner's rows, which a page does not.
   */
  public record Page<T>(
      List<T> content,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer page,
      int size,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long totalElements,
      @JsonInclude(JsonInclude.Include.NON_NULL) Integer totalPages,
      String nextCursor) {}
}
