package org.cpor.claims.calendar;

import java.time.Instant;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/** "Now" as the process engine sees it, so that the claim's records agree with its timers. */
public final class EngineClock {

  private EngineClock() {}

  public static Instant now() {
    return ClockUtil.getCurrentTime().toInstant();
  }
}
