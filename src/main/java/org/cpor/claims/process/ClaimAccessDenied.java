package org.cpor.claims.process;

/** The caller may not do this to this claim; engine REST answers {@code 403} problem details. */
public class ClaimAccessDenied extends ClaimInputRejected {

  public ClaimAccessDenied(String field, String rule) {
    super(field, rule);
  }
}
