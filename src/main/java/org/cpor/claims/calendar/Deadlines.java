package org.cpor.claims.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The claim's deadlines, all five business days from now (the engine's clock, so tests can move
 * it). Used from the BPMN model as {@code ${deadlines.reviewDue()}}.
 */
@Component("deadlines")
public class Deadlines {

  /** The review SLA, the partner's time to answer and the customer's opt-out window. */
  public static final int BUSINESS_DAYS = 5;

  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm zzz", Locale.ENGLISH);

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

  /** The due time of a review that started then (what {@link #reviewDue()} said at that moment). */
  public Instant reviewDueAfter(Instant started) {
    return calendar.addBusinessDays(started, BUSINESS_DAYS).toInstant();
  }

  /** The zone deadlines and days are counted in. */
  public ZoneId zone() {
    return calendar.zone();
  }

  /** A deadline as mails, pages and the history show it, in the calendar's zone. */
  public String format(Instant deadline) {
    return READABLE.format(deadline.atZone(calendar.zone()));
  }

  private Date fiveBusinessDaysFromNow() {
    return Date.from(calendar.addBusinessDays(EngineClock.now(), BUSINESS_DAYS).toInstant());
  }
}
