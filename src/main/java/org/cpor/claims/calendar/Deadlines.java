package org.cpor.claims.calendar;

import java.util.Date;
import org.springframework.stereotype.Component;

/**
 * The claim's deadlines, all five business days from now (the engine's clock, so tests can move it).
 * Used from the BPMN model as {@code ${deadlines.reviewDue()}}.
 */
@Component("deadlines")
public class Deadlines {

  /** The review SLA, the partner's time to answer and the customer's opt-out window. */
  public static final int BUSINESS_DAYS = 5;

  private final BusinessCalendar calendar;

  public Deadlines(BusinessCalendar calendar) {
    this.calendar = calendar;
  }

  public Date reviewDue() {
    return fiveBusinessDaysFromNow();
  }

  public Date partnerAnswerDue() {
    return fiveBusinessDaysFromNow();
  }

  public Date optOutDeadline() {
    return fiveBusinessDaysFromNow();
  }

  private Date fiveBusinessDaysFromNow() {
    return Date.from(calendar.addBusinessDays(EngineClock.now(), BUSINESS_DAYS).toInstant());
  }
}
