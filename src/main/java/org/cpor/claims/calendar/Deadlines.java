package org.cpor.claims.calendar;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
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

  /** A rejection may be disputed within 30 calendar days. */
  public static final int DISPUTE_DAYS = 30;

  /** The partner is reminded this many business days before an information deadline. */
  public static final int REMINDER_BUSINESS_DAYS = 2;

  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm zzz", Locale.ENGLISH);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter DAY_AND_TIME =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter ZONE_NAME =
      DateTimeFormatter.ofPattern("vvvv", Locale.ENGLISH);

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

  /** Two business days before the partner's information deadline: the reminder. */
  public Date partnerReminderDue(Date informationDeadline) {
    return Date.from(
        calendar
            .subtractBusinessDays(informationDeadline.toInstant(), REMINDER_BUSINESS_DAYS)
            .toInstant());
  }

  /** The last moment to dispute a rejection: 30 calendar days later, in the calendar's zone. */
  public Instant disputeDeadline(Instant rejectedAt) {
    return rejectedAt.atZone(calendar.zone()).plusDays(DISPUTE_DAYS).toInstant();
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

  /**
   * A deadline as the last moment to act, in the calendar's zone: a deadline at midnight is the end
   * of the day before ("the end of Sunday 6 December 2026, Pacific Time"), since a reader of
   * "Monday, 00:00" takes Monday to be still open.
   */
  public String lastMomentToAct(Instant deadline) {
    ZonedDateTime at = deadline.atZone(calendar.zone());
    String zone = ZONE_NAME.format(at);
    return at.toLocalTime().equals(LocalTime.MIDNIGHT)
        ? "the end of " + DAY.format(at.minusDays(1)) + ", " + zone
        : DAY_AND_TIME.format(at) + " " + zone;
  }

  /**
   * A deadline as the last moment to act, in the reader's language: its day and time (no time for a
   * deadline at midnight, which is the end of the day before; see {@link
   * #lastMomentToAct(Instant)}) and the calendar's zone spelled out. Mails and pages put the parts
   * together with their message bundle's words.
   */
  public LastMoment lastMoment(Instant deadline, Locale locale) {
    return moment(deadline, locale, true);
  }

  /**
   * A moment that has passed (official since, ended on), in the reader's language: its day, time
   * and zone; midnight is 00:00 of its own day.
   */
  public LastMoment moment(Instant moment, Locale locale) {
    return moment(moment, locale, false);
  }

  private LastMoment moment(Instant deadline, Locale locale, boolean midnightEndsDayBefore) {
    ZonedDateTime at = deadline.atZone(calendar.zone());
    boolean english = locale.getLanguage().equals(Locale.ENGLISH.getLanguage());
    DateTimeFormatter day =
        english ? DAY : DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale);
    String zone = DateTimeFormatter.ofPattern("vvvv", locale).format(at);
    if (midnightEndsDayBefore && at.toLocalTime().equals(LocalTime.MIDNIGHT)) {
      return new LastMoment(day.format(at.minusDays(1)), null, zone);
    }
    String time =
        locale.getLanguage().equals(Locale.FRENCH.getLanguage())
            ? DateTimeFormatter.ofPattern("H' h 'mm", locale).format(at)
            : DateTimeFormatter.ofPattern("HH:mm", locale).format(at);
    return new LastMoment(day.format(at), time, zone);
  }

  /**
   * The last moment to act in a reader's words: "vrijdag 4 december 2026", "23:59", "Pacific-tijd".
   *
   * @param time null when the deadline is the end of {@code day}
   */
  public record LastMoment(String day, String time, String zone) {
    public boolean endOfDay() {
      return time == null;
    }
  }

  private Date fiveBusinessDaysFromNow() {
    return Date.from(calendar.addBusinessDays(EngineClock.now(), BUSINESS_DAYS).toInstant());
  }
}
