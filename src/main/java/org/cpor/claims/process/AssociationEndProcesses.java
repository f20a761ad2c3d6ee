package org.cpor.claims.process;

/**
 * The two small processes around ending associations, their element IDs and variables: one place
 * for code and tests. The claim's own process ends once its association is official; what happens
 * to the association afterwards runs here.
 */
public final class AssociationEndProcesses {

  private AssociationEndProcesses() {}

  /** Mails the partner that associations of its claim ended (business key: the claim's ID). */
  public static final String ENDED_KEY = "cpor-association-ended";

  /** Every day, ends the associations whose subscription has expired. */
  public static final String EXPIRY_KEY = "cpor-subscription-expiry";

  /** Technical IDs of the models' elements. They never change once released. */
  public static final class Elements {
    public static final String START_ASSOCIATION_ENDED = "StartEvent_AssociationEnded";
    public static final String TASK_EMAIL_ASSOCIATION_ENDED = "Task_EmailAssociationEnded";
    public static final String END_PARTNER_TOLD = "EndEvent_PartnerTold";

    public static final String TIMER_EVERY_DAY = "Timer_EveryDay";
    public static final String TASK_END_EXPIRED_SUBSCRIPTIONS = "Task_EndExpiredSubscriptions";
    public static final String END_EXPIRED_SUBSCRIPTIONS_ENDED =
        "EndEvent_ExpiredSubscriptionsEnded";

    private Elements() {}
  }

  /** Process variables. */
  public static final class Variables {
    /** The ended associations' IDs, comma-separated (a string: engine REST shows it as is). */
    public static final String ASSOCIATION_IDS = "associationIds";

    /** Set by the expiry step: how many associations it ended (0 on most days). */
    public static final String ENDED_COUNT = "endedCount";

    private Variables() {}
  }
}
