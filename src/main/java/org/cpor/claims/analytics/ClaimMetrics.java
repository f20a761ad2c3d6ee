package org.cpor.claims.analytics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.cpor.claims.analytics.ClaimAnalytics.Stage;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.claim.RejectionReason;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The claims' figures for operations dashboards (Prometheus: {@code /actuator/prometheus}):
 *
 * <ul>
 *   <li>{@code cpor_claims{status}}: claims per status now (gauge);
 *   <li>{@code cpor_reviews_overdue}: open reviews past their due date (the process module's gauge,
 *       claims and disputes);
 *   <li>{@code cpor_claims_submitted_total} and {@code cpor_claims_finished_total{outcome, reason}}
 *       (counters; outcome OFFICIAL with reason NONE, or REJECTED with its reason);
 *   <li>{@code cpor_claim_stage_duration_seconds{stage}}: how long each stage took (timer with
 *       histogram buckets), for the stages that ended since this node started.
 * </ul>
 *
 * <p>All are read from the claim tables, not counted in the process steps: the figures survive a
 * restart, the process keeps no metrics code, and every node of a cluster reports the same values
 * (dashboards take {@code max} over the instances, see docs/analytics.md). The database is asked at
 * most once per {@link #REFRESH} however often Prometheus scrapes; stage durations are taken from
 * the history entries written since the last look, so the timers trail by one scrape.
 */
@Component
class ClaimMetrics {

  static final Duration REFRESH = Duration.ofSeconds(5);

  private final ClaimAnalytics analytics;
  private final Map<Stage, Timer> stageTimers = new EnumMap<>(Stage.class);

  private volatile long refreshedAt;
  private volatile Map<ClaimStatus, Long> byStatus = Map.of();
  private volatile Map<String, Long> finished = Map.of();
  private long lastStageId = -1;

  ClaimMetrics(ClaimAnalytics analytics, MeterRegistry meters) {
    this.analytics = analytics;
    for (ClaimStatus status : ClaimStatus.values()) {
      Gauge.builder(
              "cpor.claims", this, metrics -> metrics.snapshot().byStatus.getOrDefault(status, 0L))
          .description("Claims per status now")
          .tag("status", status.name())
          .register(meters);
    }
    FunctionCounter.builder(
            "cpor.claims.submitted",
            this,
            metrics ->
                metrics.snapshot().byStatus.values().stream().mapToLong(Long::longValue).sum())
        .description("Claims submitted (every claim the application holds)")
        .register(meters);
    finishedCounter(meters, ClaimStatus.OFFICIAL.name(), "NONE");
    for (RejectionReason reason : RejectionReason.values()) {
      finishedCounter(meters, ClaimStatus.REJECTED.name(), reason.name());
    }
    for (Stage stage : Stage.values()) {
      stageTimers.put(
          stage,
          Timer.builder("cpor.claim.stage.duration")
              .description("How long a claim's stage took: " + stage.label)
              .tag("stage", stage.name().toLowerCase(Locale.ROOT))
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofSeconds(1))
              .maximumExpectedValue(Duration.ofDays(60))
              .register(meters));
    }
  }

  /** The timers count the stages that end from now on. */
  @EventListener(ApplicationReadyEvent.class)
  synchronized void startTimingStages() {
    lastStageId = analytics.lastEndedStageId();
  }

  private void finishedCounter(MeterRegistry meters, String outcome, String reason) {
    String key = outcome + "/" + reason;
    FunctionCounter.builder(
            "cpor.claims.finished",
            this,
            metrics -> metrics.snapshot().finished.getOrDefault(key, 0L))
        .description("Claims that ended, by outcome and reason")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(meters);
  }

  /** The figures, asked from the database again when they are older than {@link #REFRESH}. */
  synchronized ClaimMetrics snapshot() {
    long now = System.nanoTime();
    if (refreshedAt != 0 && now - refreshedAt < REFRESH.toNanos()) {
      return this;
    }
    byStatus = analytics.countsByStatus();
    finished = analytics.finishedByOutcomeAndReason();
    recordStagesSinceLastLook();
    refreshedAt = now;
    return this;
  }

  /** The stages that ended (rows of claim_stage, see {@link EndedStages}) since the last look. */
  private void recordStagesSinceLastLook() {
    long upTo = analytics.lastEndedStageId();
    if (lastStageId < 0 || upTo <= lastStageId) {
      return;
    }
    for (ClaimAnalytics.EndedStage ended : analytics.stagesEndedBetween(lastStageId, upTo)) {
      stageTimers.get(ended.stage()).record(Duration.ofMillis(Math.max(0, ended.millis())));
    }
    lastStageId = upTo;
  }
}
