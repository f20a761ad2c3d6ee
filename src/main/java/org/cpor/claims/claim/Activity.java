package org.cpor.claims.claim;

public enum Activity {
  PRE_SALES,
  USAGE,
  /** Only for Business Applications, and not paid as an incentive. */
  REVENUE_ASSOCIATION
}
