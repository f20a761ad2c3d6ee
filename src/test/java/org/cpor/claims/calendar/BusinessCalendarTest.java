package org.cpor.claims.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

  private static final ZoneId REDMOND = ZoneId.of("America/Los_Angeles");
  private final BusinessCalendar us = new BusinessCalendar(REDMOND, "US", List.of());

  private static ZonedDateTime at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(REDMOND);
  }

  private ZonedDateTime fiveBusinessDaysAfter(String localDateTime) {
    return us.addBusinessDays(at(localDateTime).toInstant(), 5);
  }

  @Test
  void theReminderTwoBusinessDaysBeforeADeadlineSkipsWeekendsAndHolidays() {
    // Monday 7 December 10:00: Thursday 3 December 10:00 (Saturday and Sunday do not count).
    assertThat(us.subtractBusinessDays(at("2026-12-07T10:00").toInstant(), 2))
        .isEqualTo(at("2026-12-03T10:00"));
    // Monday 30 November: Friday 27, then Wednesday 25 (Thanksgiving, Thursday 26, does not count).
    assertThat(us.subtractBusinessDays(at("2026-11-30T10:00").toInstant(), 2))
        .isEqualTo(at("2026-11-25T10:00"));
    // A deadline at the midnight that ends Friday 23 October: the end of Wednesday 21.
    assertThat(us.subtractBusinessDays(at("2026-10-24T00:00").toInstant(), 2))
        .isEqualTo(at("2026-10-22T00:00"));
  }

  @Test
  void aMondayStartEndsTheNextMondayAtTheSameTime() {
    assertThat(fiveBusinessDaysAfter("2026-11-02T10:15")).isEqualTo(at("2026-11-09T10:15"));
  }

  @Test
  void weekendsDoNotCount() {
    // Wednesday 14 October + 5 business days skips Saturday 17 and Sunday 18.
    assertThat(fiveBusinessDaysAfter("2026-10-14T09:00")).isEqualTo(at("2026-10-21T09:00"));
  }

  @Test
  void publicHolidaysDoNotCount() {
    // Monday 23 November 2026: Thanksgiving (Thursday 26) is skipped.
    assertThat(us.isBusinessDay(LocalDate.parse("2026-11-26"))).isFalse();
    assertThat(fiveBusinessDaysAfter("2026-11-23T14:00")).isEqualTo(at("2026-12-01T14:00"));
    // Christmas and New Year's Day.
    assertThat(fiveBusinessDaysAfter("2026-12-22T08:30")).isEqualTo(at("2026-12-30T08:30"));
    assertThat(fiveBusinessDaysAfter("2026-12-29T08:30")).isEqualTo(at("2027-01-06T08:30"));
  }

  @Test
  void aStartOnAHolidayCountsFromTheNextBusinessDay() {
    // Thanksgiving: the count starts Friday 27 November, so the fifth business day is Thursday 3
    // December and the deadline is the midnight that ends it.
    assertThat(fiveBusinessDaysAfter("2026-11-26T11:00")).isEqualTo(at("2026-12-04T00:00"));
  }

  @Test
  void aStartOnAWeekendCountsFromMonday() {
    // Saturday 17 and Sunday 18 October: the count starts Monday 19, the fifth day is Friday 23.
    assertThat(fiveBusinessDaysAfter("2026-10-17T16:00")).isEqualTo(at("2026-10-26T00:00"));
    assertThat(fiveBusinessDaysAfter("2026-10-18T23:59")).isEqualTo(at("2026-10-26T00:00"));
  }

  @Test
  void theWallClockTimeIsKeptAcrossADaylightSavingChange() {
    // US daylight saving time ends on Sunday 1 November 2026: the deadline keeps 10:00 local time,
    // so the window is one hour longer than seven times 24 hours.
    ZonedDateTime start = at("2026-10-29T10:00");
    ZonedDateTime deadline = us.addBusinessDays(start.toInstant(), 5);
    assertThat(deadline).isEqualTo(at("2026-11-05T10:00"));
    assertThat(Duration.between(start, deadline)).isEqualTo(Duration.ofDays(7).plusHours(1));
  }

  @Test
  void theWallClockTimeIsKeptWhenDaylightSavingStarts() {
    // US daylight saving time starts on Sunday 14 March 2027: the window is one hour shorter.
    ZonedDateTime start = at("2027-03-11T10:00");
    ZonedDateTime deadline = us.addBusinessDays(start.toInstant(), 5);
    assertThat(deadline).isEqualTo(at("2027-03-18T10:00"));
    assertThat(Duration.between(start, deadline)).isEqualTo(Duration.ofDays(7).minusHours(1));
  }

  @Test
  void configuredExtraDatesDoNotCount() {
    BusinessCalendar withClosingDays =
        new BusinessCalendar(
            REDMOND, "US", List.of(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-04")));
    // Tuesday 3 and Wednesday 4 closed, Wednesday 11 is Veterans Day.
    assertThat(withClosingDays.addBusinessDays(at("2026-11-02T10:00").toInstant(), 5))
        .isEqualTo(at("2026-11-12T10:00"));
  }

  @Test
  void theHolidayCountryIsConfigurable() {
    BusinessCalendar netherlands =
        new BusinessCalendar(ZoneId.of("Europe/Amsterdam"), "NL", List.of());
    // King's Day, 27 April 2027 (a Tuesday), is a Dutch holiday and no US one.
    assertThat(netherlands.isBusinessDay(LocalDate.parse("2027-04-27"))).isFalse();
    assertThat(us.isBusinessDay(LocalDate.parse("2027-04-27"))).isTrue();
    // Thanksgiving is not a Dutch holiday.
    assertThat(netherlands.isBusinessDay(LocalDate.parse("2026-11-26"))).isTrue();
  }
}
