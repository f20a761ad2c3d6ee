package org.cpor.claims.claim;

import java.time.Instant;
import java.util.List;

/** A partner's claim, as stored in the application's own table. */
public record Claim(
    String id,
    String processInstanceId,
    String partnerId,
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
    String partnerContactName,
    String partnerContactEmail,
    String proofOfExecution,
    String comments,
    ClaimStatus status,
    RejectionReason rejectionReason,
    Instant reviewDueAt,
    Instant informationDueAt,
    Instant optOutDeadline,
    Instant submittedAt,
    Instant updatedAt,
    String checkFindings) {

  public String workloadList() {
    return String.join(", ", workloads);
  }
}
