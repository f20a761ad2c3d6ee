package org.cpor.claims.claim;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.cpor.claims.calendar.EngineClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deletes the drafts that no one changed for {@code cpor.drafts.retention} (30 days), once a day
 * ({@code cpor.drafts.cleanup-cron}, 03:15 UTC). On several nodes each runs it: a run after another
 * deletes nothing more. Each run is logged and counted ({@code cpor.drafts.deleted}).
 */
@Component
@EnableScheduling
class DraftCleanup {

  private static final Logger log = LoggerFactory.getLogger(DraftCleanup.class);

  private final ClaimRepository claims;
  private final Duration retention;
  private final Counter deleted;

  DraftCleanup(
      ClaimRepository claims,
      @Value("${cpor.drafts.retention:30d}") Duration retention,
      MeterRegistry meters) {
    this.claims = claims;
    this.retention = retention;
    this.deleted =
        Counter.builder("cpor.drafts.deleted")
            .description("Drafts deleted after the retention period without a change")
            .register(meters);
  }

  @Scheduled(cron = "${cpor.drafts.cleanup-cron:0 15 3 * * *}", zone = "UTC")
  @Transactional
  public int deleteStaleDrafts() {
    Instant cutoff = EngineClock.now().minus(retention);
    int count = claims.deleteDraftsUnchangedSince(cutoff);
    deleted.increment(count);
    log.info(
        "Deleted {} draft(s) unchanged since before {} (retention {})", count, cutoff, retention);
    return count;
  }
}
