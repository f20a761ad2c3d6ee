package org.cpor.claims.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.cpor.claims.support.Http;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.context.ApplicationContext;

/**
 * The analysts' dashboard ("CPOR claims" in Cockpit) with 20,000 finished claims in the database:
 * each of its requests ({@code GET /api/analytics/claims/...}) timed as the demo's analyst sends
 * it. The claims are written with SQL (the claim row and its history as the process writes them),
 * spread over the last 180 days: 70 % official, 30 % rejected, one in five with a request for
 * information. Part of {@link ClaimBenchmark}; {@code -Dbench.analyticsOnly=true} runs this part
 * alone.
 */
final class AnalyticsBenchmark {

  static final int FINISHED_CLAIMS = Integer.getInteger("bench.analyticsClaims", 20_000);
  static final int WARM_UP = 20;
  static final int TIMED = 100;

  private static final String[] REASONS = {
    "INSUFFICIENT_PROOF_OF_EXECUTION",
    "CUSTOMER_DECLINED",
    "NO_PARTNER_RESPONSE",
    "PARTNER_REQUEST",
    "MISSING_CUSTOMER_CONSENT",
    "DUPLICATE",
    "FAILED_AUTOMATED_CHECKS"
  };

  private AnalyticsBenchmark() {}

  /** Seeds the finished claims and times every dashboard request: name → figures. */
  static Map<String, Object> measure(ApplicationContext app, int port) throws SQLException {
    long seedStart = System.nanoTime();
    SeededClaim sample = seed(app);
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
    Http analyst = Http.to(port).as("analyst", "analyst");
    LocalDate today = LocalDate.now(ZoneId.systemDefault());
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("summary", "/api/analytics/claims/summary");
    requests.put("flow 30 days", "/api/analytics/claims/flow?days=30");
    requests.put("flow 90 days", "/api/analytics/claims/flow?days=90");
    requests.put("stages 30 days", "/api/analytics/claims/stages?days=30");
    requests.put("stages 90 days", "/api/analytics/claims/stages?days=90");
    requests.put("waiting now", "/api/analytics/claims/waiting");
    requests.put(
        "rejections by partner 90 days", "/api/analytics/claims/rejections-by-partner?days=90");
    requests.put("finished, first page", "/api/analytics/claims/finished");
    requests.put(
        "finished, rejected in a month",
        "/api/analytics/claims/finished?status=REJECTED&from="
            + today.minusDays(60)
            + "&to="
            + today.minusDays(30));
    requests.put(
        "finished, one partner", "/api/analytics/claims/finished?partnerId=" + sample.partnerId());
    requests.put(
        "finished, one domain", "/api/analytics/claims/finished?tenant=" + sample.domain());
    requests.put("finished, one claim", "/api/analytics/claims/finished?claimId=" + sample.id());
    requests.put("a claim's history", "/api/analytics/claims/" + sample.id() + "/history");

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("finishedClaims", FINISHED_CLAIMS);
    figures.put("seedSeconds", Math.round(seedSeconds * 10) / 10.0);
    Map<String, Object> latencies = new LinkedHashMap<>();
    requests.forEach((name, path) -> latencies.put(name, time(analyst, path)));
    figures.put("requests", latencies);
    return figures;
  }

  private static Map<String, Object> time(Http analyst, String path) {
    for (int i = 0; i < WARM_UP; i++) {
      check(analyst.get(path), path);
    }
    long[] nanos = new long[TIMED];
    int bytes = 0;
    for (int i = 0; i < TIMED; i++) {
      long start = System.nanoTime();
      Http.Answer answer = analyst.get(path);
      nanos[i] = System.nanoTime() - start;
      check(answer, path);
      bytes = answer.raw().body().length;
    }
    Arrays.sort(nanos);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("p50ms", millis(nanos[TIMED / 2]));
    result.put("p95ms", millis(nanos[(int) Math.ceil(TIMED * 0.95) - 1]));
    result.put("maxms", millis(nanos[TIMED - 1]));
    result.put("bytes", bytes);
    return result;
  }

  private static void check(Http.Answer answer, String path) {
    if (answer.status() != 200) {
      throw new IllegalStateException(path + " answered " + answer.status() + ": " + answer.body());
    }
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e5) / 10.0;
  }

  record SeededClaim(String id, String partnerId, String domain) {}

  /** The finished claims and their history, in batches of 1,000 claims per commit. */
  private static SeededClaim seed(ApplicationContext app) throws SQLException {
    DataSource dataSource = app.getBean(DataSource.class);
    Random random = new Random(13);
    Instant now = Instant.now();
    SeededClaim sample = null;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement claims =
              connection.prepareStatement(
                  "insert into claim (id, partner_id, claim_name, customer_domain, customer_tenant_id,"
                      + " solution_area, activity, status, rejection_reason, review_due_at,"
                      + " check_findings, submitted_at, updated_at)"
                      + " values (?, ?, ?, ?, ?, 'MICROSOFT_365', 'USAGE', ?, ?, ?,"
                      + " 'All automated checks passed.', ?, ?)");
          PreparedStatement workloads =
              connection.prepareStatement(
                  "insert into claim_workload (claim_id, workload, ordinal) values (?, 'Teams', 0)");
          PreparedStatement events =
              connection.prepareStatement(
                  "insert into claim_event (claim_id, occurred_at, actor, type, detail)"
                      + " values (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < FINISHED_CLAIMS; i++) {
          String id = "BENCH-" + i;
          String partnerId = String.valueOf(3_000_000 + random.nextInt(500));
          String domain = "bench-customer-" + i + ".example.com";
          String tenantId = "00000000-0000-0000-0000-" + String.format("%012d", i);
          Instant submitted = now.minus(Duration.ofMinutes(5 + random.nextInt(180 * 24 * 60)));
          Instant reviewStarted = submitted.plusSeconds(2);
          Instant at = reviewStarted;
          event(events, id, submitted, "partner-user-" + partnerId, "SUBMITTED");
          event(events, id, submitted.plusSeconds(1), "system", "CHECKS_PASSED");
          event(events, id, reviewStarted, "system", "REVIEW_STARTED");
          if (random.nextInt(5) == 0) {
            at = at.plus(Duration.ofHours(4 + random.nextInt(100)));
            event(events, id, at, "validator", "INFORMATION_REQUESTED");
            event(events, id, at.plusSeconds(1), "system", "INFORMATION_REQUESTED");
            at = at.plus(Duration.ofHours(2 + random.nextInt(100)));
            event(events, id, at, "partner-user-" + partnerId, "PARTNER_ANSWERED");
            at = at.plusSeconds(1);
            event(events, id, at, "system", "REVIEW_STARTED");
          }
          at = at.plus(Duration.ofHours(1 + random.nextInt(150)));
          boolean official = random.nextInt(10) < 7;
          String reason = official ? null : REASONS[random.nextInt(REASONS.length)];
          if (official) {
            event(events, id, at, "validator", "APPROVED_BY_VALIDATOR");
            event(events, id, at.plusSeconds(1), "system", "CUSTOMER_NOTIFIED");
            at = at.plus(Duration.ofDays(7));
            event(events, id, at, "system", "OFFICIAL");
          } else {
            event(events, id, at, "validator", "REJECTED_BY_VALIDATOR");
            at = at.plusSeconds(1);
            event(events, id, at, "system", "REJECTED");
          }
          if (at.isAfter(now)) {
            at = now;
          }
          claims.setString(1, id);
          claims.setString(2, partnerId);
          claims.setString(3, "Bench claim " + i);
          claims.setString(4, domain);
          claims.setString(5, tenantId);
          claims.setString(6, official ? "OFFICIAL" : "REJECTED");
          claims.setString(7, reason);
          claims.setTimestamp(8, Timestamp.from(reviewStarted.plus(Duration.ofDays(7))));
          claims.setTimestamp(9, Timestamp.from(submitted));
          claims.setTimestamp(10, Timestamp.from(at));
          claims.addBatch();
          workloads.setString(1, id);
          workloads.addBatch();
          if (i == FINISHED_CLAIMS / 2) {
            sample = new SeededClaim(id, partnerId, domain);
          }
          if (i % 1000 == 999) {
            claims.executeBatch();
            workloads.executeBatch();
            events.executeBatch();
            connection.commit();
          }
        }
        claims.executeBatch();
        workloads.executeBatch();
        events.executeBatch();
        connection.commit();
      }
      // The ended stages of the seeded history, filled in as the migration that added their table
      // fills in a database's earlier history.
      connection.setAutoCommit(false);
      backfillEndedStages(app, connection);
      connection.commit();
      // PostgreSQL plans with fresh statistics, as autovacuum would have them by the next minute.
      if (connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")) {
        connection.setAutoCommit(true);
        try (var statement = connection.createStatement()) {
          statement.execute("analyze claim");
          statement.execute("analyze claim_workload");
          statement.execute("analyze claim_event");
          statement.execute("analyze claim_stage");
        }
      }
    }
    return sample;
  }

  private static void backfillEndedStages(ApplicationContext app, Connection connection)
      throws SQLException {
    JavaMigration backfill =
        app.getBeansOfType(JavaMigration.class).values().stream()
            .filter(migration -> migration.getVersion().toString().equals("21.1"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no migration 21.1 (claim_stage)"));
    try {
      backfill.migrate(
          new Context() {
            @Override
            public org.flywaydb.core.api.configuration.Configuration getConfiguration() {
              return null;
            }

            @Override
            public Connection getConnection() {
              return connection;
            }
          });
    } catch (SQLException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void event(
      PreparedStatement events, String claimId, Instant at, String actor, String type)
      throws SQLException {
    events.setString(1, claimId);
    events.setTimestamp(2, Timestamp.from(at));
    events.setString(3, actor);
    events.setString(4, type);
    events.setString(5, "Seeded by the benchmark");
    events.addBatch();
  }

  static void print(String database, Map<String, Object> figures) {
    System.out.println();
    System.out.printf(
        "BENCH ==== %s: analytics with %s finished claims (seeded in %s s) ====%n",
        database, figures.get("finishedClaims"), figures.get("seedSeconds"));
    System.out.printf(
        "BENCH %-40s %8s %8s %8s %9s%n",
        "GET /api/analytics/claims/...", "p50 ms", "p95 ms", "max ms", "bytes");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> requests =
        (Map<String, Map<String, Object>>) figures.get("requests");
    requests.forEach(
        (name, f) ->
            System.out.printf(
                "BENCH %-40s %8s %8s %8s %9s%n",
                name, f.get("p50ms"), f.get("p95ms"), f.get("maxms"), f.get("bytes")));
  }
}
