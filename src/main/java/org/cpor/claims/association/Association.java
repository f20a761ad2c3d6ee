package org.cpor.claims.association;

import java.time.Instant;

/** A partner of record for one workload of one customer tenant. */
public record Association(
    long id,
    String partnerId,
    String customerTenantId,
    String workload,
    String claimId,
    AssociationStatus status,
    Instant officialSince,
    Instant endedAt,
    String supersededByClaimId) {}
