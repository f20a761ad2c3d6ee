package org.cpor.claims.calendar;

import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Counts business days: Saturdays, Sundays, the country's public holidays and configured extra
 * dates do not count.
 */
class BusinessCalendar {

  private final ZoneId zone;
  private final HolidayManager holidays;
  private final Set<LocalDate> extraHolidays;

  /**
   * jollyday computes a year's holidays from its rules on every call: each year is computed once.
   */
  private final Map<Integer, Set<LocalDate>> holidaysByYear = new ConcurrentHashMap<>();

  BusinessCalendar(ZoneId zone, String holidayCountry, Collection<LocalDate> extraHolidays) {
    this.zone = zone;
    this.holidays = HolidayManager.getInstance(ManagerParameters.create(holidayCountry));
    this.extraHolidays = Set.copyOf(extraHolidays);
  }

  public ZoneId zone() {
    return zone;
  }

  public boolean isBusinessDay(LocalDate date) {
    DayOfWeek day = date.getDayOfWeek();
    return day != DayOfWeek.SATURDAY
        && day != DayOfWeek.SUNDAY
        && !extraHolidays.contains(date)
        && !holidaysOf(date.getYear()).contains(date);
  }

  /**
   * The moment {@code businessDays} business days after {@code start}, at the same wall-clock time.
   * A start on a non-business day counts from the beginning of the next business day, so the
   * deadline then falls at midnight after the last of the business days granted.
   */
  public ZonedDateTime addBusinessDays(Instant start, int businessDays) {
    ZonedDateTime begin = start.atZone(zone);
    LocalDate date = begin.toLocalDate();
    LocalTime time = begin.toLocalTime();
    if (!isBusinessDay(date)) {
      date = nextBusinessDay(date);
      time = LocalTime.MIDNIGHT;
    }
    for (int i = 0; i < businessDays; i++) {
      date = nextBusinessDay(date);
    }
    // ZonedDateTime.of keeps the wall-clock time across a DST change (a time in a gap moves
    // forward).
    return ZonedDateTime.of(date, time, zone);
  }

  /**
   * The moment {@code businessDays} business days before {@code end}, at the same wall-clock time:
   * e.g. the reminder two business days before a deadline.
   */
  public ZonedDateTime subtractBusinessDays(Instant end, int businessDays) {
    ZonedDateTime finish = end.atZone(zone);
    LocalDate date = finish.toLocalDate();
    for (int i = 0; i < businessDays; i++) {
      date = date.minusDays(1);
      while (!isBusinessDay(date)) {
        date = date.minusDays(1);
      }
    }
    return ZonedDateTime.of(date, finish.toLocalTime(), zone);
  }

  private Set<LocalDate> holidaysOf(int year) {
    // Both the holiday and the day it is observed on (e.g. a Saturday holiday observed on Friday).
    return holidaysByYear.computeIfAbsent(
        year,
        y ->
            holidays.getHolidays(Year.of(y)).stream()
                .flatMap(holiday -> Stream.of(holiday.getDate(), holiday.getActualDate()))
                .collect(Collectors.toUnmodifiableSet()));
  }

  private LocalDate nextBusinessDay(LocalDate date) {
    LocalDate next = date.plusDays(1);
    while (!isBusinessDay(next)) {
      next = next.plusDays(1);
    }
    return next;
  }
}
