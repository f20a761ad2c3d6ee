package org.cpor.claims.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ApplicationNode;
import org.cpor.claims.support.Http;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Camunda's history cleanup of 100,000 finished claims, as it runs at night in production (issue
 * 18, target "Cleanup"). A few claims run end to end through the application (partner API, the
 * validator over engine REST, mail steps on the job executor, timers made due): four become
 * official, one is rejected and its dispute window passes. Their history rows, in every engine
 * table that has a removal time ({@code ACT_HI_*}, {@code ACT_GE_BYTEARRAY}), are then copied with
 * SQL under fresh ids and process instance ids, with {@code REMOVAL_TIME_} a day in the past
 * (spread over the 60 minutes of an hour, which is how the engine splits the work between parallel
 * cleanup jobs) wherever the engine had set one. Which tables and how many rows a claim has is read
 * from the real claims at run time, whatever the history level. Then {@code
 * historyService.cleanUpHistoryAsync(true)} and the application's job executor removes them; timed
 * until every copied row is gone. Part of {@link ClaimBenchmark}; {@code -Dbench.cleanupOnly=true}
 * runs this part alone.
 */
final class CleanupBenchmark {

  /**
   * Finished claims whose history is removed: {@code -Dbench.cleanupClaims} on both databases, by
   * default 100,000 on PostgreSQL (the production database) and 10,000 on H2 (the demo's and
   * developers' database, where copying and removing 100,000 claims' history takes hours; its rate
   * is reported all the same).
   */
  static int claims(DataSource dataSource) throws SQLException {
    Integer chosen = Integer.getInteger("bench.cleanupClaims");
    if (chosen != null) {
      return chosen;
    }
    return ClaimBenchmark.isPostgres(dataSource) ? 100_000 : 10_000;
  }

  /** The nightly cleanup window of application.yaml (01:00–05:00). */
  static final Duration WINDOW = Duration.ofHours(4);

  static final Duration TIMEOUT =
      Duration.ofMinutes(Integer.getInteger("bench.cleanupTimeoutMinutes", 60));

  /** Claims copied per INSERT ... SELECT (one commit each). */
  private static final int COPIES_PER_STATEMENT = 2_000;

  /** Columns holding ids of the claim's own history (rewritten in each copy). */
  private static final Set<String> ID_COLUMNS =
      Set.of(
          "id_",
          "proc_inst_id_",
          "root_proc_inst_id_",
          "execution_id_",
          "act_inst_id_",
          "parent_act_inst_id_",
          "call_proc_inst_id_",
          "super_process_instance_id_",
          "task_id_",
          "var_inst_id_",
          "bytearray_id_",
          "job_id_",
          "job_exception_stack_id_",
          "dec_inst_id_",
          "root_dec_inst_id_",
          "ext_task_id_",
          "error_details_id_",
          "content_id_",
          "cause_incident_id_",
          "root_cause_incident_id_");

  private CleanupBenchmark() {}

  static Map<String, Object> measure(ApplicationContext app, int port) throws Exception {
    JdbcClient jdbc = app.getBean(JdbcClient.class);
    DataSource dataSource = app.getBean(DataSource.class);
    ProcessEngine engine = app.getBean(ProcessEngine.class);
    ProcessEngineConfigurationImpl configuration =
        (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();

    List<String> templates = finishedClaims(jdbc, port);
    List<String> tables = tablesWithRemovalTime(dataSource);

    Map<String, Object> perClaim = new TreeMap<>();
    long templateRows = 0;
    long withoutRemovalTime = 0;
    for (String table : tables) {
      long rows = countOf(jdbc, table, "root_proc_inst_id_ in (:roots)", templates);
      long unset =
          countOf(
              jdbc, table, "root_proc_inst_id_ in (:roots) and removal_time_ is null", templates);
      templateRows += rows;
      withoutRemovalTime += unset;
      if (rows > 0) {
        perClaim.put(table, round(rows / (double) templates.size()));
      }
    }

    int copies = (claims(dataSource) + templates.size() - 1) / templates.size();
    Instant base = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    Timestamp cutoff = Timestamp.from(base.plus(61, ChronoUnit.MINUTES));
    long rowsBefore = removable(jdbc, tables, cutoff);

    long seedStart = System.nanoTime();
    copy(jdbc, tables, templates, copies, base);
    double seedSeconds = seconds(seedStart);
    analyze(jdbc);
    long claims = claimsRemovable(jdbc, cutoff);
    long rows = removable(jdbc, tables, cutoff) - rowsBefore;

    long jobRunsBefore = cleanupJobRuns(jdbc);
    long start = System.nanoTime();
    Job job = engine.getHistoryService().cleanUpHistoryAsync(true);
    double instancesGone = Double.NaN;
    long left = rows;
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      Thread.sleep(1000);
      if (Double.isNaN(instancesGone)) {
        if (claimsRemovable(jdbc, cutoff) == 0) {
          instancesGone = seconds(start);
        }
        continue;
      }
      left = removable(jdbc, tables, cutoff) - rowsBefore;
      if (left <= 0) {
        break;
      }
    }
    double seconds = seconds(start);
    long removedRows = rows - Math.max(left, 0);
    long removedClaims = claims - claimsRemovable(jdbc, cutoff);

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("templateClaims", templates.size());
    figures.put("historyRowsPerClaim", round(templateRows / (double) templates.size()));
    figures.put(
        "historyRowsPerClaimWithoutRemovalTime",
        round(withoutRemovalTime / (double) templates.size()));
    figures.put("historyRowsPerClaimByTable", perClaim);
    figures.put("claims", claims);
    figures.put("rows", rows);
    figures.put("seedSeconds", round(seedSeconds));
    figures.put("historyCleanupBatchSize", configuration.getHistoryCleanupBatchSize());
    figures.put(
        "historyCleanupDegreeOfParallelism", configuration.getHistoryCleanupDegreeOfParallelism());
    figures.put("cleanupJobId", job == null ? null : job.getId());
    figures.put("finished", left <= 0);
    figures.put("removedClaims", removedClaims);
    figures.put("removedRows", removedRows);
    figures.put("seconds", round(seconds));
    figures.put("processInstancesGoneSeconds", round(instancesGone));
    figures.put("claimsPerSecond", round(removedClaims / seconds));
    figures.put("rowsPerSecond", round(removedRows / seconds));
    double secondsFor100000 = 100_000 * seconds / Math.max(removedClaims, 1);
    if (left > 0) {
      // Not done in time: the claims' history is gone only with their last row.
      secondsFor100000 = 100_000.0 * rows / claims * seconds / Math.max(removedRows, 1);
    }
    figures.put("secondsFor100000Claims", round(secondsFor100000));
    figures.put("windowSeconds", WINDOW.toSeconds());
    figures.put("shareOfWindow", Math.round(secondsFor100000 / WINDOW.toSeconds() * 1000) / 1000.0);
    figures.put("withinWindow", secondsFor100000 <= WINDOW.toSeconds());
    long runs = cleanupJobRuns(jdbc) - jobRunsBefore;
    figures.put("jobRuns", runs > 0 ? runs : "n/a (no job log at this history level)");
    return figures;
  }

  /**
   * Claims submitted over the partner API and decided by the validator over engine REST; the job
   * executor sends the mails, their timers are made due until every process has ended. Returns
   * their process instance ids (each its own root).
   */
  private static List<String> finishedClaims(JdbcClient jdbc, int port) throws Exception {
    Http partner = Http.to(port).as("partner1", "partner1");
    Http validator = Http.to(port).as("validator", "validator");
    List<String> claimIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String claimId = ClaimBenchmark.submit(partner, "cleanup");
      claimIds.add(claimId);
      Map<String, Object> decision =
          i == 4
              ? Map.of(
                  ClaimProcess.Variables.DECISION, "REJECT",
                  ClaimProcess.Variables.REJECTION_REASON, "INSUFFICIENT_PROOF_OF_EXECUTION",
                  ClaimProcess.Variables.DECISION_COMMENT, "The statement of work is not signed.")
              : Map.of(ClaimProcess.Variables.DECISION, "APPROVE");
      ClaimBenchmark.decide(validator, claimId, decision);
    }
    List<String> roots =
        jdbc.sql(
                "select proc_inst_id_ from act_hi_procinst where business_key_ in (:ids)"
                    + " and proc_inst_id_ = root_proc_inst_id_")
            .param("ids", claimIds)
            .query(String.class)
            .list();
    ApplicationNode.waitUntil(
        Duration.ofMinutes(3),
        () -> {
          // Only timers after the decision are left: the opt-out window, the dispute window.
          jdbc.sql(
                  "update act_ru_job set duedate_ = current_timestamp where type_ = 'timer'"
                      + " and process_instance_id_ in (:roots) and duedate_ > current_timestamp")
              .param("roots", roots)
              .update();
          return jdbc.sql("select count(*) from act_ru_execution where proc_inst_id_ in (:roots)")
                  .param("roots", roots)
                  .query(Long.class)
                  .single()
              == 0;
        });
    return roots;
  }

  /** The engine's tables whose rows the removal-time-based cleanup deletes. */
  private static List<String> tablesWithRemovalTime(DataSource dataSource) throws SQLException {
    Map<String, Set<String>> columns = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rs = connection.getMetaData().getColumns(null, null, "%", "%")) {
      while (rs.next()) {
        String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (table.startsWith("act_hi_") || table.equals("act_ge_bytearray")) {
          columns
              .computeIfAbsent(table, t -> new java.util.HashSet<>())
              .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return columns.entrySet().stream()
        .filter(
            e ->
                e.getValue().contains("root_proc_inst_id_")
                    && e.getValue().contains("removal_time_"))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * Copy n of each template row: ids end in "z" + n (12 characters instead of a UUID's node, so ids
   * keep their length and copies of different rows stay apart), removal time one day ago plus n mod
   * 60 minutes where the engine had set one.
   */
  private static void copy(
      JdbcClient jdbc, List<String> tables, List<String> templates, int copies, Instant base)
      throws SQLException {
    jdbc.sql("drop table if exists bench_cleanup_copy").update();
    jdbc.sql(
            "create table bench_cleanup_copy (n int primary key, suffix varchar(12) not null,"
                + " removal timestamp not null)")
        .update();
    for (int from = 1; from <= copies; from += COPIES_PER_STATEMENT) {
      int to = Math.min(copies, from + COPIES_PER_STATEMENT - 1);
      for (int n = from; n <= to; n++) {
        jdbc.sql("insert into bench_cleanup_copy (n, suffix, removal) values (?, ?, ?)")
            .params(
                n,
                String.format("z%011d", n),
                Timestamp.from(base.plus(n % 60, ChronoUnit.MINUTES).plusSeconds(n % 59)))
            .update();
      }
    }
    for (String table : tables) {
      List<String> names = columnsOf(jdbc, table);
      List<String> values = new ArrayList<>();
      for (String column : names) {
        if (ID_COLUMNS.contains(column)) {
          values.add(
              "case when length(t.%1$s) >= 12 then substr(t.%1$s, 1, length(t.%1$s) - 12) || c.suffix else t.%1$s end"
                  .formatted(column));
        } else if (column.equals("removal_time_")) {
          values.add("case when t.removal_time_ is null then null else c.removal end");
        } else {
          values.add("t." + column);
        }
      }
      String insert =
          "insert into %s (%s) select %s from (select * from %s where root_proc_inst_id_ in (:roots)) t cross join (select * from bench_cleanup_copy where n between :from and :to) c"
              .formatted(table, String.join(", ", names), String.join(", ", values), table);
      long tableStart = System.nanoTime();
      for (int from = 1; from <= copies; from += COPIES_PER_STATEMENT) {
        jdbc.sql(insert)
            .param("from", from)
            .param("to", Math.min(copies, from + COPIES_PER_STATEMENT - 1))
            .param("roots", templates)
            .update();
      }
      System.out.printf("BENCH copied %s in %.1f s%n", table, seconds(tableStart));
    }
    jdbc.sql("drop table bench_cleanup_copy").update();
  }

  private static List<String> columnsOf(JdbcClient jdbc, String table) {
    return jdbc.sql("select * from " + table + " where 1 = 0")
        .query(
            rs -> {
              List<String> names = new ArrayList<>();
              for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnName(i).toLowerCase(Locale.ROOT));
              }
              return names;
            });
  }

  /** Fresh statistics, as a production database has them for tables that grew over months. */
  private static void analyze(JdbcClient jdbc) {
    jdbc.sql("analyze").update();
  }

  private static long countOf(JdbcClient jdbc, String table, String where, List<String> roots) {
    return jdbc.sql("select count(*) from " + table + " where " + where)
        .param("roots", roots)
        .query(Long.class)
        .single();
  }

  private static long removable(JdbcClient jdbc, List<String> tables, Timestamp cutoff) {
    long rows = 0;
    for (String table : tables) {
      rows +=
          jdbc.sql("select count(*) from " + table + " where removal_time_ <= :cutoff")
              .param("cutoff", cutoff)
              .query(Long.class)
              .single();
    }
    return rows;
  }

  private static long claimsRemovable(JdbcClient jdbc, Timestamp cutoff) {
    return jdbc.sql(
            "select count(*) from act_hi_procinst where removal_time_ <= :cutoff"
                + " and proc_inst_id_ = root_proc_inst_id_")
        .param("cutoff", cutoff)
        .query(Long.class)
        .single();
  }

  /** Successful runs of the history cleanup job(s), from the job log. */
  private static long cleanupJobRuns(JdbcClient jdbc) {
    return jdbc.sql(
            "select count(*) from act_hi_job_log where job_def_type_ = 'history-cleanup'"
                + " and job_state_ = 2")
        .query(Long.class)
        .single();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  static void print(String database, Map<String, Object> f) {
    System.out.println();
    System.out.printf(
        "BENCH ==== %s: history cleanup of %s finished claims (%s rows, copied in %s s from %s real"
            + " claims of %s rows each) ====%n",
        database,
        f.get("claims"),
        f.get("rows"),
        f.get("seedSeconds"),
        f.get("templateClaims"),
        f.get("historyRowsPerClaim"));
    System.out.printf("BENCH rows per claim by table: %s%n", f.get("historyRowsPerClaimByTable"));
    System.out.printf(
        "BENCH batch size %s, degree of parallelism %s: %s claims and %s rows removed in %s s"
            + " (process instances gone after %s s), %s job runs%n",
        f.get("historyCleanupBatchSize"),
        f.get("historyCleanupDegreeOfParallelism"),
        f.get("removedClaims"),
        f.get("removedRows"),
        f.get("seconds"),
        f.get("processInstancesGoneSeconds"),
        f.get("jobRuns"));
    System.out.printf(
        "BENCH %s claims/s, %s rows/s; 100,000 claims take %s s = %s of the 4-hour window (within:"
            + " %s)%n",
        f.get("claimsPerSecond"),
        f.get("rowsPerSecond"),
        f.get("secondsFor100000Claims"),
        f.get("shareOfWindow"),
        f.get("withinWindow"));
  }
}
