package org.cpor.claims.calendar;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and when business days are counted.
 *
 * @param zone the zone deadlines are counted in; also pinned as the JVM's and so the engine's zone
 * @param holidayCountry jollyday country code whose public holidays are not business days
 * @param extraHolidays further dates that are not business days (e.g. company closing days)
 */
@ConfigurationProperties("cpor.calendar")
record CalendarProperties(
    @DefaultValue(CalendarProperties.DEFAULT_ZONE) ZoneId zone,
    @DefaultValue("US") String holidayCountry,
    @DefaultValue List<LocalDate> extraHolidays) {

  public static final String DEFAULT_ZONE = "America/Los_Angeles";
}
