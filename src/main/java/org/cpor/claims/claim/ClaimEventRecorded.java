package org.cpor.claims.claim;

import java.time.Instant;

/**
 * A history entry was written for a claim: published in the transaction that wrote it, so that a
 * listener's own writes commit or roll back with it.
 */
public record ClaimEventRecorded(
    String claimId, Instant occurredAt, String actor, ClaimEventType type) {}
