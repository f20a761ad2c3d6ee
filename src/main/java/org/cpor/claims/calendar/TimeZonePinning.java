package org.cpor.claims.calendar;

import java.time.ZoneId;
import java.util.TimeZone;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Pins the JVM's default time zone to {@code cpor.calendar.zone} before anything else starts. The
 * engine stores and compares timer due dates in the JVM's zone, so without this a deadline would
 * move with the host's zone.
 */
class TimeZonePinning implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String zone = environment.getProperty("cpor.calendar.zone", CalendarProperties.DEFAULT_ZONE);
    TimeZone.setDefault(TimeZone.getTimeZone(ZoneId.of(zone)));
  }
}
