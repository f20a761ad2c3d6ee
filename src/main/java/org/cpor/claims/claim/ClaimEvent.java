package org.cpor.claims.claim;

import java.time.Instant;

/** One entry of a claim's history. */
public record ClaimEvent(Instant occurredAt, String actor, ClaimEventType type, String detail) {}
