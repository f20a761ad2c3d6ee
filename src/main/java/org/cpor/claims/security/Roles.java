package org.cpor.claims.security;

/** The groups of Camunda's identity service that carry the product's roles. */
public final class Roles {

  public static final String PARTNERS = "partners";

  /** Each partner organisation's own group: {@code partner-<MPN ID>}. */
  public static final String PARTNER_GROUP_PREFIX = "partner-";

  public static final String VALIDATORS = "validators";

  /** Lead validators: validators who are told when a review is overdue. */
  public static final String VALIDATOR_LEADS = "validator-leads";

  public static final String ANALYSTS = "analysts";
  public static final String ADMINS = "camunda-admin";

  private Roles() {}

  public static String partnerGroup(String partnerId) {
    return PARTNER_GROUP_PREFIX + partnerId;
  }
}
