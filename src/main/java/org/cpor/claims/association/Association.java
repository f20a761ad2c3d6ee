package org.cpor.claims.association;

import java.time.Instant;

/**
 * A partner of record for one workload of one customer tenant; for subscription claims (pre-sales,
 * Business Applications), for one product of one subscription.
 */
public record Association(
    long id,
    String partnerId,
    String customerTenantId,
    String workload,
    String subscriptionId,
    String claimId,
    AssociationStatus status,
    Instant officialSince,
    Instant endedAt,
    String supersededByClaimId) {

  /** What the partner holds, in words: the workload, and the subscription where there is one. */
  public String item() {
    return subscriptionId == null ? workload : workload + " (subscription " + subscriptionId + ")";
  }
}
