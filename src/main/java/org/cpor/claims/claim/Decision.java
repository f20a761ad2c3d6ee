package org.cpor.claims.claim;

/** A validator's decision on a claim. */
public enum Decision {
  APPROVE,
  REQUEST_INFORMATION,
  REJECT
}
