package org.cpor.claims.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How people read a deadline: as the last moment they may act. */
class DeadlinesTest {

  static final ZoneId REDMOND = ZoneId.of("America/Los_Angeles");

  final Deadlines deadlines = new Deadlines(new BusinessCalendar(REDMOND, "US", List.of()));

  @Test
  void aDeadlineAtMidnightIsTheEndOfThePreviousDay() {
    assertThat(
            deadlines.lastMomentToAct(
                LocalDateTime.parse("2026-12-07T00:00").atZone(REDMOND).toInstant()))
        .isEqualTo("the end of Sunday 6 December 2026, Pacific Time");
  }

  @Test
  void anyOtherDeadlineIsItsDayAndTime() {
    assertThat(
            deadlines.lastMomentToAct(
                LocalDateTime.parse("2026-12-07T10:00").atZone(REDMOND).toInstant()))
        .isEqualTo("Monday 7 December 2026, 10:00 Pacific Time");
  }
}
