package org.cpor.claims.association;

import java.time.Instant;
import java.time.LocalDate;

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
    String supersededByClaimId,
    /** Who ended it; null unless {@link AssociationStatus#ENDED}. */
    EndedBy endedBy,
    /** Why it was ended (the partner's reason, the customer's if given); may be null. */
    String endReason,
    /** The subscription's last day, for subscription claims that name it; otherwise null. */
    LocalDate subscriptionEndDate) {

  /** What the partner holds, in words: the workload, and the subscription where there is one. */
  public String item() {
    return subscriptionId == null ? workload : workload + " (subscription " + subscriptionId + ")";
  }
}
