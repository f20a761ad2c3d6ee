package org.cpor.claims.claim;

import java.io.Serializable;
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
    String checkFindings)
    implements Serializable {

  /** The submitted claim as registered by its process: with the process instance and the time. */
  public Claim registered(String processInstanceId, Instant at) {
    return new Claim(
        id,
        processInstanceId,
        partnerId,
        claimName,
        customerDomain,
        customerTenantId,
        solutionArea,
        activity,
        List.copyOf(workloads),
        subscriptionId,
        customerContactName,
        customerContactTitle,
        customerContactEmail,
        partnerContactName,
        partnerContactEmail,
        proofOfExecution,
        comments,
        ClaimStatus.SUBMITTED,
        null,
        null,
        null,
        null,
        at,
        at,
        null);
  }

  public String workloadList() {
    return String.join(", ", workloads);
  }
}
