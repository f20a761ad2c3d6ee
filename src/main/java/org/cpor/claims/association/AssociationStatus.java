package org.cpor.claims.association;

public enum AssociationStatus {
  OFFICIAL,
  /** Another partner's claim on the same tenant and workload became official. */
  SUPERSEDED,
  /** Ended by the customer, the partner or the subscription's end ({@link EndedBy}). */
  ENDED
}
