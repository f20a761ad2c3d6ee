package org.cpor.claims.claim;

import java.time.Instant;

/**
 * Published (as a Spring application event) each time an entry is added to a claim's history, in
 * the transaction that adds it: listeners that write in that transaction are committed or rolled
 * back with the change itself. {@code eventId} is the entry's own ID, so it stays the same however
 * often the change is read or sent on.
 */
public record ClaimEventRecorded(
    long eventId,
    String claimId,
    Instant occurredAt,
    String actor,
    ClaimEventType type,
    String detail) {}
