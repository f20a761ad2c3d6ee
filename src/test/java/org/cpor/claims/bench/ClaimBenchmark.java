package org.cpor.claims.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.cpor.claims.CporClaimsApplication;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ApplicationNode;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.cpor.claims.tenant.EntraLookupBenchmark;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The benchmark (`./mvnw verify -Pbench`): what a claim costs, end to end and against the bare
 * engine, on H2 (file) and on PostgreSQL. Prints a table and writes target/benchmark/results.json.
 * Not part of the test suite: timings are measured here, never asserted.
 */
class ClaimBenchmark {

  static final int SUBMISSIONS_PER_LEVEL = Integer.getInteger("bench.submissions", 300);

  /**
   * Claims taken end to end per engine. 600: history bytes grow in whole 8 KB pages of some 60
   * tables and indexes, and the last, partly filled page of each counts in full, up to 0.8 KB per
   * claim at 600 claims and 2.5 KB at 200 (history bytes per claim measured 12.1 to 15.2 KB at 200
   * for the same rows).
   */
  static final int END_TO_END_CLAIMS = Integer.getInteger("bench.e2e", 600);

  static final int WARM_UP_CLAIMS = Integer.getInteger("bench.warmup", 300);

  static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warmupRounds", 8);

  /**
   * Slices per level and side, measured alternately on the application and the bare engine ({@link
   * #interleaved}).
   */
  static final int SLICES = Integer.getInteger("bench.slices", 3);

  /** Claims taken end to end on each engine before the end-to-end figures are measured. */
  static final int END_TO_END_WARM_UP_CLAIMS = Integer.getInteger("bench.e2eWarmup", 100);

  /** Which databases to measure: "h2,postgresql" (both) by default. */
  static final List<String> DATABASES =
      List.of(System.getProperty("bench.databases", "h2,postgresql").split(","));

  static final int[] CLIENTS = {1, 4, 16};

  /** Arrival rate of the paced level: 16 clients sending at a fixed rate below saturation. */
  static final double PACED_RATE = Double.parseDouble(System.getProperty("bench.pacedRate", "20"));

  static final int PACED_REQUESTS = Integer.getInteger("bench.pacedRequests", 300);

  /**
   * With -Dbench.topStatements=N, PostgreSQL's N statements of most total time
   * (pg_stat_statements).
   */
  static final int TOP_STATEMENTS = Integer.getInteger("bench.topStatements", 0);

  /**
   * The tenant check against Microsoft Entra (a local stub): customers' domains, and lookups with a
   * warm cache.
   */
  static final int TENANT_DOMAINS = Integer.getInteger("bench.tenantDomains", 500);

  static final int TENANT_LOOKUPS = Integer.getInteger("bench.tenantLookups", 20_000);

  /**
   * With -Dbench.largePartner=true only the large partner's lists and exports on PostgreSQL ({@link
   * LargePartnerBenchmark}), written to target/benchmark/large-partner.json.
   */
  static final boolean LARGE_PARTNER = Boolean.getBoolean("bench.largePartner");

  /**
   * The analysts' dashboard with 20,000 finished claims ({@link AnalyticsBenchmark}), after the
   * claim figures; -Dbench.analyticsOnly=true measures it alone, -Dbench.analytics=false skips it.
   */
  static final boolean ANALYTICS_ONLY = Boolean.getBoolean("bench.analyticsOnly");

  static final boolean ANALYTICS =
      ANALYTICS_ONLY || Boolean.parseBoolean(System.getProperty("bench.analytics", "true"));

  /**
   * Camunda's history cleanup of 100,000 finished claims ({@link CleanupBenchmark}), last;
   * -Dbench.cleanupOnly=true measures it alone, -Dbench.cleanup=false skips it.
   */
  static final boolean CLEANUP_ONLY = Boolean.getBoolean("bench.cleanupOnly");

  static final boolean CLEANUP =
      CLEANUP_ONLY || Boolean.parseBoolean(System.getProperty("bench.cleanup", "true"));

  /**
   * Flat latency at 10,000 and {@code -Dbench.scale} claims ({@link ScaleBenchmark}), after the
   * PostgreSQL figures; -Dbench.scaleOnly=true measures it alone, -Dbench.scale=0 skips it.
   */
  static final boolean SCALE_ONLY = Boolean.getBoolean("bench.scaleOnly");

  @Test
  void run() throws Exception {
    Map<String, Object> results = new LinkedHashMap<>();
    Path work = Path.of("target", "benchmark").toAbsolutePath();
    Files.createDirectories(work);
    if (LARGE_PARTNER) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(work.resolve("large-partner.json").toFile(), LargePartnerBenchmark.measure());
      System.out.println("BENCH results written to " + work.resolve("large-partner.json"));
      return;
    }
    if (SCALE_ONLY) {
      results.put("scale", ScaleBenchmark.measure());
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(work.resolve("results.json").toFile(), results);
      System.out.println("BENCH results written to " + work.resolve("results.json"));
      return;
    }
    if (DATABASES.contains("h2")) {
      results.put(
          "h2",
          measure(
              "H2 (file)",
              List.of(
                  "--spring.datasource.url=jdbc:h2:file:"
                      + work.resolve("h2-" + UUID.randomUUID())
                      + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"),
              List.of(
                  "--spring.datasource.url=jdbc:h2:file:"
                      + work.resolve("h2-bare-" + UUID.randomUUID())
                      + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0")));
    }
    if (DATABASES.contains("postgresql")) {
      EmbeddedPostgres.Builder builder = postgres();
      if (TOP_STATEMENTS > 0) {
        builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
      }
      try (EmbeddedPostgres postgres = builder.start()) {
        JdbcClient.create(postgres.getPostgresDatabase()).sql("create database bare").update();
        results.put(
            "postgresql", measure("PostgreSQL", on(postgres, "postgres"), on(postgres, "bare")));
        if (TOP_STATEMENTS > 0) {
          printTopStatements(postgres.getPostgresDatabase());
        }
      }
      if (ScaleBenchmark.SCALE > 0 && !ANALYTICS_ONLY && !CLEANUP_ONLY) {
        results.put("scale", ScaleBenchmark.measure());
      }
    }
    if (CLEANUP_ONLY) {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(work.resolve("cleanup-results.json").toFile(), results);
      System.out.println("BENCH results written to " + work.resolve("cleanup-results.json"));
      return;
    }
    if (ANALYTICS_ONLY) {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      json.writeValue(work.resolve("analytics-results.json").toFile(), results);
      System.out.println("BENCH results written to " + work.resolve("analytics-results.json"));
      return;
    }
    // After the claim figures, so that it changes none of them; the applications above use the
    // table.
    Map<String, Object> entra = EntraLookupBenchmark.measure(TENANT_DOMAINS, TENANT_LOOKUPS);
    results.put("tenantDirectoryEntra", entra);
    printTenantDirectory(entra);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(work.resolve("results.json").toFile(), results);
    System.out.println("BENCH results written to " + work.resolve("results.json"));
  }

  /**
   * The application in this JVM with the demo profile, quiet logs, a fast job executor and its own
   * SMTP server (stopped with it), on these database settings.
   */
  static ConfigurableApplicationContext application(List<String> settings)
      throws java.io.IOException {
    GreenMail smtp =
        new GreenMail(
            new ServerSetup(ApplicationNode.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--spring.profiles.active=demo",
                "--server.port=0",
                "--cpor.demo.smtp-server=false",
                "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--camunda.bpm.job-execution.wait-time-in-millis=100",
                "--camunda.bpm.job-execution.max-wait=500",
                "--logging.level.root=WARN",
                "--logging.level.org.cpor=WARN",
                // The load is one partner's, far above a partner's request limit.
                "--cpor.abuse.partner-requests=100000000",
                "--cpor.abuse.failed-logins-per-address=100000000"));
    args.addAll(settings);
    try {
      ConfigurableApplicationContext app =
          new SpringApplication(CporClaimsApplication.class).run(args.toArray(String[]::new));
      app.addApplicationListener((ApplicationListener<ContextClosedEvent>) closed -> smtp.stop());
      return app;
    } catch (RuntimeException e) {
      smtp.stop();
      throw e;
    }
  }

  /** An embedded PostgreSQL with connections for the application, its job executor and clients. */
  static EmbeddedPostgres.Builder postgres() {
    return EmbeddedPostgres.builder().setServerConfig("max_connections", "120");
  }

  /** The application's settings for one database of an embedded PostgreSQL. */
  static List<String> on(EmbeddedPostgres postgres, String database) {
    return List.of(
        "--spring.profiles.active=demo,postgres",
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", database),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=");
  }

  /** Whether this data source is PostgreSQL (else H2). */
  static boolean isPostgres(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
    }
  }

  static int port(ConfigurableApplicationContext app) {
    return ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> measure(
      String database, List<String> settings, List<String> bareSettings) throws Exception {
    ConfigurableApplicationContext app = application(settings);
    // The bare engine: the same application on a database of its own, with full history (the
    // history level is engine-wide and stored in the database), as a straightforward Camunda
    // implementation would run it. Only its RuntimeService and TaskService are used.
    ConfigurableApplicationContext bare =
        ANALYTICS_ONLY || CLEANUP_ONLY ? null : bareEngine(bareSettings);
    Map<String, Object> result = new LinkedHashMap<>();
    try {
      int port = port(app);
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      RuntimeService runtime = bare == null ? null : bare.getBean(RuntimeService.class);
      TaskService tasks = bare == null ? null : bare.getBean(TaskService.class);
      Http partner = Http.to(port).as("partner1", "partner1");
      Http validator = Http.to(port).as("validator", "validator");
      if (CLEANUP_ONLY) {
        Map<String, Object> cleanup = CleanupBenchmark.measure(app, port);
        CleanupBenchmark.print(database, cleanup);
        return Map.of("cleanup", cleanup);
      }
      if (ANALYTICS_ONLY) {
        // Some running claims, so that "where claims wait now" has something to count.
        for (int i = 0; i < 200; i++) {
          submit(partner);
        }
        Map<String, Object> analytics = AnalyticsBenchmark.measure(app, port);
        AnalyticsBenchmark.print(database, analytics);
        return Map.of("analytics", analytics);
      }

      DataSource appData = app.getBean(DataSource.class);
      DataSource bareData = bare.getBean(DataSource.class);
      warmUp(partner, runtime);
      analyze(appData, bareData);
      Map<String, Object> submission = new LinkedHashMap<>();
      Map<String, Object> bareStart = new LinkedHashMap<>();
      CpuMeter.OverHttp submissions = i -> submit(partner);
      IntFunction<String> bareStarts = i -> bareStart(runtime);
      for (int clients : CLIENTS) {
        var level =
            interleaved(
                SUBMISSIONS_PER_LEVEL,
                requests -> closedLoop(clients, requests, submissions),
                requests -> closedLoop(clients, requests, bareStarts));
        submission.put(clients + " clients", level.get("application"));
        bareStart.put(clients + " clients", level.get("bareEngine"));
      }
      String paced = "16 clients paced at " + PACED_RATE + "/s";
      var pacedLevel =
          interleaved(
              PACED_REQUESTS,
              requests -> paced(16, requests, submissions),
              requests -> paced(16, requests, bareStarts));
      submission.put(paced, pacedLevel.get("application"));
      bareStart.put(paced, pacedLevel.get("bareEngine"));
      result.put("submission", submission);
      result.put("bareEngineStart", bareStart);

      // History of the end-to-end claims alone: each engine's ACT_HI_* tables before and after.
      // The claims' later paths (engine REST, the job executor's steps, mails) until the JIT has
      // compiled them, on both: otherwise the application, measured first, compiles the engine code
      // both share, and the bare engine measures with it compiled.
      CpuMeter.OverHttp submitAndApprove = i -> approve(validator, submit(partner));
      endToEnd(jdbc, END_TO_END_WARM_UP_CLAIMS, submitAndApprove);
      JdbcClient bareJdbc = bare.getBean(JdbcClient.class);
      endToEnd(bareJdbc, END_TO_END_WARM_UP_CLAIMS, i -> bareApprove(runtime, tasks));
      idle(jdbc);
      idle(bareJdbc);
      analyze(appData, bareData);
      var appBefore = HistoryFootprint.snapshot(appData);
      var bareBefore = HistoryFootprint.snapshot(bareData);
      // In alternating slices, as the submission levels (see interleaved).
      List<EndToEnd> appRuns = new ArrayList<>();
      List<EndToEnd> bareRuns = new ArrayList<>();
      for (int slice = 0; slice < SLICES; slice++) {
        int claims = END_TO_END_CLAIMS / SLICES + (slice < END_TO_END_CLAIMS % SLICES ? 1 : 0);
        appRuns.add(endToEnd(jdbc, claims, submitAndApprove));
        bareRuns.add(endToEnd(bareJdbc, claims, i -> bareApprove(runtime, tasks)));
      }
      result.put("endToEnd", endToEndFigures(appRuns));
      result.put("bareEngineEndToEnd", endToEndFigures(bareRuns));
      var appAfter = HistoryFootprint.snapshot(appData);
      var bareAfter = HistoryFootprint.snapshot(bareData);
      Map<String, Object> rows =
          HistoryFootprint.rowsPerClaim(appBefore, appAfter, END_TO_END_CLAIMS);
      rows.put(
          "bareEngine", HistoryFootprint.rowsPerClaim(bareBefore, bareAfter, END_TO_END_CLAIMS));
      result.put("rowsPerClaim", rows);
      Map<String, Object> bytes = new LinkedHashMap<>();
      bytes.put(
          "application", HistoryFootprint.bytesPerClaim(appBefore, appAfter, END_TO_END_CLAIMS));
      bytes.put(
          "bareEngine", HistoryFootprint.bytesPerClaim(bareBefore, bareAfter, END_TO_END_CLAIMS));
      result.put("historyBytesPerClaim", bytes);
      if (isPostgres(appData)) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put(
            "application",
            HistoryFootprint.bytesPerClaimInDetail(appBefore, appAfter, END_TO_END_CLAIMS));
        detail.put(
            "bareEngine",
            HistoryFootprint.bytesPerClaimInDetail(bareBefore, bareAfter, END_TO_END_CLAIMS));
        result.put("historyBytesPerClaimInDetail", detail);
      }
      result.put("rawInsertCommitsPerSecond", rawInsertRate(app.getBean(DataSource.class)));
      if (ANALYTICS) {
        result.put("analytics", AnalyticsBenchmark.measure(app, port));
      }
      if (CLEANUP) {
        result.put("cleanup", CleanupBenchmark.measure(app, port));
      }
      System.gc();
      result.put(
          "heapInUseMiB",
          (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576);
    } finally {
      app.close();
      if (bare != null) {
        bare.close();
      }
    }
    print(database, result);
    if (result.containsKey("analytics")) {
      AnalyticsBenchmark.print(database, (Map<String, Object>) result.get("analytics"));
    }
    if (result.containsKey("cleanup")) {
      CleanupBenchmark.print(database, (Map<String, Object>) result.get("cleanup"));
    }
    return result;
  }

  // --- workloads
  // ----------------------------------------------------------------------------------

  private static String submit(Http partner) {
    return submit(partner, "bench");
  }

  /** A claim for a new customer over the partner API ({@code label} names its domain); its ID. */
  static String submit(Http partner, String label) {
    Http.Answer answer =
        partner.postJson("/api/claims", ClaimFixtures.apiClaimForNewCustomer(label));
    if (answer.status() != 201) {
      throw new IllegalStateException(answer.status() + " " + answer.body());
    }
    return answer.json().get("id").asText();
  }

  private static String approve(Http validator, String claimId) {
    decide(validator, claimId, Map.of(ClaimProcess.Variables.DECISION, "APPROVE"));
    return claimId;
  }

  /** The validator's decision on the claim's review task over engine REST, as Tasklist sends it. */
  static void decide(Http validator, String claimId, Map<String, Object> decision) {
    String task =
        validator
            .get("/engine-rest/task?processInstanceBusinessKey=" + claimId + "&maxResults=1")
            .json()
            .get(0)
            .get("id")
            .asText();
    Http.Answer completed =
        validator.postJson(
            "/engine-rest/task/" + task + "/complete",
            Map.of("variables", ClaimFixtures.engineRestVariables(decision)));
    if (completed.status() != 204) {
      throw new IllegalStateException(completed.status() + " " + completed.body());
    }
  }

  /** The same process shape on the bare engine: same variables, no HTTP, no authentication. */
  private static String bareStart(RuntimeService runtime) {
    ClaimFixtures.Tenant tenant =
        new ClaimFixtures.Tenant(
            UUID.randomUUID().toString(),
            "bare-" + UUID.randomUUID().toString().substring(0, 12) + ".example.com");
    Map<String, Object> variables = ClaimFixtures.claim("1000001", tenant);
    variables.put("workloads", "Teams");
    return runtime.startProcessInstanceByKey(ClaimProcess.PROCESS_KEY, variables).getBusinessKey();
  }

  private static String bareApprove(RuntimeService runtime, TaskService tasks) {
    String claimId = bareStart(runtime);
    String task =
        tasks.createTaskQuery().processInstanceBusinessKey(claimId).singleResult().getId();
    tasks.complete(task, Map.of("decision", "APPROVE"));
    return claimId;
  }

  /**
   * Both paths until the JIT has compiled most of them, alternately. With 100 claims each, the
   * first measured level (the API at 1 client) still ran partly interpreted and looked 30 % slower
   * than it is. With 2 rounds of 300 the JIT still compiled the whole time on 2 cores (its time
   * equal to the wall time), and a level's ratio depended on which side went first; the
   * application's path (HTTP, filters, JSON, its checks) is larger and takes longer. {@code
   * -Dbench.warmupRounds}, 8 by default; each round prints the JIT's share.
   */
  private static void warmUp(Http partner, RuntimeService runtime) throws Exception {
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      CpuMeter cpu = CpuMeter.start();
      long start = System.nanoTime();
      timed(4, WARM_UP_CLAIMS, (CpuMeter.OverHttp) i -> submit(partner));
      timed(4, WARM_UP_CLAIMS, i -> bareStart(runtime));
      double millis = (System.nanoTime() - start) / 1e6;
      System.out.printf(
          "BENCH warm-up round %d: %.1f s, JIT compiling %.0f %% of it%n",
          round + 1, millis / 1000, cpu.jvmMillis().get("jitCompilation") / millis * 100);
    }
  }

  /** One run end to end: its claims, wall time, server CPU, and where the CPU went. */
  record EndToEnd(
      int claims,
      double seconds,
      double cpuMillis,
      Map<String, Double> parts,
      Map<String, Double> jvm) {}

  /**
   * Claims submitted and approved by 4 clients, notified by the job executor, made due, official.
   */
  private static EndToEnd endToEnd(
      JdbcClient jdbc, int claims, IntFunction<String> submitAndApprove) throws Exception {
    CpuMeter cpu = CpuMeter.start();
    long start = System.nanoTime();
    List<String> ids = new ArrayList<>();
    ExecutorService clients =
        Executors.newFixedThreadPool(4, CpuMeter.threadsFor(submitAndApprove));
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < claims; i++) {
      int n = i;
      futures.add(clients.submit(() -> submitAndApprove.apply(n)));
    }
    for (Future<String> future : futures) {
      ids.add(future.get());
    }
    clients.shutdown();
    until(() -> count(jdbc, ids, "APPROVED") == ids.size());
    jdbc.sql(
            "update act_ru_job set duedate_ = current_timestamp where handler_type_ = 'timer-intermediate-transition'")
        .update();
    until(
        () ->
            count(jdbc, ids, "OFFICIAL") == ids.size()
                && jdbc.sql(
                            "select count(*) from act_ru_job where handler_type_ = 'async-continuation'")
                        .query(Long.class)
                        .single()
                    == 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EndToEnd(
        ids.size(), seconds, cpu.serverMillis(), cpu.serverMillisByPart(), cpu.jvmMillis());
  }

  /**
   * Waits up to 3 minutes for the condition, checking every 20 ms (the end-to-end time includes the
   * wait, so a coarse check would add up to its interval to every run).
   */
  private static void until(BooleanSupplier condition) throws InterruptedException {
    ApplicationNode.waitUntil(Duration.ofMinutes(3), Duration.ofMillis(20), condition);
  }

  /** Claims/s and server CPU per claim (in all and by part) of these end-to-end runs together. */
  private static Map<String, Object> endToEndFigures(List<EndToEnd> runs) {
    int claims = runs.stream().mapToInt(EndToEnd::claims).sum();
    double seconds = runs.stream().mapToDouble(EndToEnd::seconds).sum();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("claims", claims);
    figures.put("seconds", round(seconds));
    figures.put("claimsCompletedPerSecond", round(claims / seconds));
    figures.put(
        "serverCpuMsPerClaim",
        round(runs.stream().mapToDouble(EndToEnd::cpuMillis).sum() / claims));
    figures.put("serverCpuMsPerClaimByPart", perClaim(runs, EndToEnd::parts, claims));
    figures.put("jvmMsPerClaim", perClaim(runs, EndToEnd::jvm, claims));
    return figures;
  }

  private static Map<String, Double> perClaim(
      List<EndToEnd> runs, Function<EndToEnd, Map<String, Double>> part, int claims) {
    Map<String, Double> total = new TreeMap<>();
    runs.forEach(
        run -> part.apply(run).forEach((name, millis) -> total.merge(name, millis, Double::sum)));
    Map<String, Double> perClaim = new LinkedHashMap<>();
    total.forEach((name, millis) -> perClaim.put(name, round(millis / claims)));
    return perClaim;
  }

  private static long count(JdbcClient jdbc, List<String> ids, String status) {
    return jdbc.sql("select count(*) from claim where status = :status and id in (:ids)")
        .param("status", status)
        .param("ids", ids)
        .query(Long.class)
        .single();
  }

  // --- measurements
  // -------------------------------------------------------------------------------

  /** Closed loop: each client sends its next request as soon as the previous one is answered. */
  static Map<String, Object> timed(int clients, int requests, IntFunction<String> action)
      throws Exception {
    return figures(List.of(closedLoop(clients, requests, action)));
  }

  /**
   * One measured run: each request's latency, the wall time, the server's CPU and the JIT's
   * compiling time.
   */
  record Sample(long[] latencies, double seconds, double cpuMillis, double jitMillis) {}

  /** A measured run of one side of a level, for {@link #interleaved}. */
  interface Run {
    Sample of(int requests) throws Exception;
  }

  /**
   * A level on the application and the bare engine in alternating slices (application, bare,
   * application, ...), each side's figures from its slices together. Both run in this JVM, and on 2
   * cores the JIT still compiles for minutes after the warm-up (the application's code path is
   * larger): measured one after the other, the side that goes first pays for compiling the engine
   * code both share.
   */
  private static Map<String, Map<String, Object>> interleaved(int requests, Run app, Run bare)
      throws Exception {
    List<Sample> appSamples = new ArrayList<>();
    List<Sample> bareSamples = new ArrayList<>();
    int slices = Math.max(1, Math.min(SLICES, requests));
    for (int slice = 0; slice < slices; slice++) {
      int size = requests / slices + (slice < requests % slices ? 1 : 0);
      appSamples.add(app.of(size));
      bareSamples.add(bare.of(size));
    }
    return Map.of("application", figures(appSamples), "bareEngine", figures(bareSamples));
  }

  private static Sample closedLoop(int clients, int requests, IntFunction<String> action)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients, CpuMeter.threadsFor(action));
    long[] latencies = new long[requests];
    List<Future<?>> futures = new ArrayList<>();
    CpuMeter cpu = CpuMeter.start();
    long start = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      int n = i;
      futures.add(
          pool.submit(
              () -> {
                long t = System.nanoTime();
                action.apply(n);
                latencies[n] = System.nanoTime() - t;
              }));
    }
    return sample(pool, futures, start, cpu, latencies);
  }

  /**
   * Open loop: requests are due at a fixed rate whatever the answers do, and each latency counts
   * from the moment its request was due, so a slow answer that delays the next ones is not hidden
   * (no coordinated omission).
   */
  private static Sample paced(int clients, int requests, IntFunction<String> action)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients, CpuMeter.threadsFor(action));
    long[] latencies = new long[requests];
    AtomicInteger next = new AtomicInteger();
    long intervalNanos = (long) (1e9 / PACED_RATE);
    CpuMeter cpu = CpuMeter.start();
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(
          pool.submit(
              () -> {
                for (int n = next.getAndIncrement(); n < requests; n = next.getAndIncrement()) {
                  long due = start + n * intervalNanos;
                  LockSupport.parkNanos(due - System.nanoTime());
                  action.apply(n);
                  latencies[n] = System.nanoTime() - due;
                }
                return null;
              }));
    }
    return sample(pool, futures, start, cpu, latencies);
  }

  /** Waits for the run's clients; its sample. */
  private static Sample sample(
      ExecutorService pool, List<Future<?>> futures, long start, CpuMeter cpu, long[] latencies)
      throws Exception {
    for (Future<?> future : futures) {
      future.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuMillis = cpu.serverMillis();
    pool.shutdown();
    return new Sample(latencies, seconds, cpuMillis, cpu.jvmMillis().get("jitCompilation"));
  }

  /** Claims/s, latency percentiles and server CPU per claim of these runs together. */
  private static Map<String, Object> figures(List<Sample> samples) {
    long[] latencies =
        samples.stream().flatMapToLong(sample -> Arrays.stream(sample.latencies())).toArray();
    double seconds = samples.stream().mapToDouble(Sample::seconds).sum();
    double cpuMillis = samples.stream().mapToDouble(Sample::cpuMillis).sum();
    int requests = latencies.length;
    Arrays.sort(latencies);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("perSecond", round(requests / seconds));
    figures.put("p50ms", round(latencies[requests / 2] / 1e6));
    figures.put("p95ms", round(latencies[(int) (requests * 0.95)] / 1e6));
    figures.put("p99ms", round(latencies[(int) (requests * 0.99)] / 1e6));
    figures.put("serverCpuMsPerClaim", round(cpuMillis / requests));
    figures.put(
        "jitCompilingPercentOfTime",
        round(samples.stream().mapToDouble(Sample::jitMillis).sum() / (seconds * 1000) * 100));
    return figures;
  }

  private static double rawInsertRate(DataSource dataSource) throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      try (Statement ddl = connection.createStatement()) {
        ddl.execute(
            "create table if not exists bench_row (id varchar(64) primary key, payload varchar(200))");
      }
      connection.setAutoCommit(false);
      int rows = 2000;
      long start = System.nanoTime();
      try (PreparedStatement insert =
          connection.prepareStatement("insert into bench_row (id, payload) values (?, ?)")) {
        for (int i = 0; i < rows; i++) {
          insert.setString(1, UUID.randomUUID().toString());
          insert.setString(2, "payload");
          insert.executeUpdate();
          connection.commit();
        }
      }
      connection.setAutoCommit(true);
      return round(rows / ((System.nanoTime() - start) / 1e9));
    }
  }

  /**
   * Makes the planner's statistics of both databases current. Their tables grew from empty to
   * thousands of rows within minutes, faster than autovacuum's analyze follows (at most once a
   * minute, and only after a tenth of a table changed); a production database's statistics follow
   * its slow growth. Without this, PostgreSQL planned the validator's task query over engine REST
   * (with its authorization join) for the almost empty task table of the start and ran it as a scan
   * of every waiting task: 7.2 ms instead of under 0.3 ms. Both engines get the same.
   */
  private static void analyze(DataSource... dataSources) throws SQLException {
    for (DataSource dataSource : dataSources) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("analyze");
      }
    }
  }

  /** Waits until the engine's job executor has run every job that is due. */
  private static void idle(JdbcClient jdbc) throws InterruptedException {
    ApplicationNode.waitUntil(
        Duration.ofMinutes(3),
        () ->
            jdbc.sql(
                        "select count(*) from act_ru_job where retries_ > 0"
                            + " and (duedate_ is null or duedate_ <= current_timestamp)")
                    .query(Long.class)
                    .single()
                == 0);
  }

  /** The bare engine's application: its own database, full history, an engine of its own name. */
  private static ConfigurableApplicationContext bareEngine(List<String> settings)
      throws java.io.IOException {
    List<String> args = new ArrayList<>(settings);
    args.add("--camunda.bpm.history-level=full");
    args.add("--camunda.bpm.process-engine-name=bare");
    return application(args);
  }

  private static void printTopStatements(DataSource postgres) {
    JdbcClient jdbc = JdbcClient.create(postgres);
    jdbc.sql("create extension if not exists pg_stat_statements").update();
    jdbc.sql(
            "select d.datname, sum(calls), round(sum(total_exec_time)::numeric, 1) from pg_stat_statements s"
                + " join pg_database d on d.oid = s.dbid group by d.datname order by 1")
        .query(
            (rs, row) ->
                String.format(
                    "BENCH PostgreSQL database %s: %d statements, %s ms",
                    rs.getString(1), rs.getLong(2), rs.getString(3)))
        .list()
        .forEach(System.out::println);
    System.out.println(
        "BENCH PostgreSQL statements by total time (database, calls, total ms, mean ms, statement):");
    jdbc.sql(
            "select d.datname, calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3), "
                + "left(regexp_replace(query, '\\s+', ' ', 'g'), 160) from pg_stat_statements s "
                + "join pg_database d on d.oid = s.dbid order by total_exec_time desc limit "
                + TOP_STATEMENTS)
        .query(
            (rs, row) ->
                String.format(
                    "BENCH %-8s %8d %10s %8s  %s",
                    rs.getString(1),
                    rs.getLong(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5)))
        .list()
        .forEach(System.out::println);
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }

  private static void printTenantDirectory(Map<String, Object> entra) {
    System.out.println();
    System.out.println(
        "BENCH ==== tenant check against Microsoft Entra (local WireMock stub, default settings) ====");
    System.out.printf(
        "BENCH cold cache (HTTP to the stub): p50 %s ms, p95 %s ms over %s domains%n",
        entra.get("coldMissP50ms"), entra.get("coldMissP95ms"), entra.get("domains"));
    System.out.printf(
        "BENCH warm cache: p50 %s µs, p95 %s µs over %s lookups; hit rate %s (%s hits, %s misses)%n",
        entra.get("warmHitP50us"),
        entra.get("warmHitP95us"),
        entra.get("warmLookups"),
        entra.get("hitRate"),
        entra.get("cacheHits"),
        entra.get("cacheMisses"));
  }

  @SuppressWarnings("unchecked")
  private static void print(String database, Map<String, Object> result) {
    System.out.println();
    System.out.println("BENCH ==== " + database + " ====");
    System.out.printf(
        "BENCH %-30s %8s %7s %7s %7s %7s | %8s %7s %7s %7s | %6s | %s%n",
        "submission (POST /api/claims)",
        "claims/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "cpu ms",
        "bare/s",
        "p50 ms",
        "p95 ms",
        "cpu ms",
        "ratio",
        "JIT compiling, % of time");
    Map<String, Map<String, Object>> submission =
        (Map<String, Map<String, Object>>) result.get("submission");
    Map<String, Map<String, Object>> bare =
        (Map<String, Map<String, Object>>) result.get("bareEngineStart");
    submission.forEach(
        (level, figures) ->
            System.out.printf(
                "BENCH %-30s %8s %7s %7s %7s %7s | %8s %7s %7s %7s | %6.2f | %s / %s%n",
                level,
                figures.get("perSecond"),
                figures.get("p50ms"),
                figures.get("p95ms"),
                figures.get("p99ms"),
                figures.get("serverCpuMsPerClaim"),
                bare.get(level).get("perSecond"),
                bare.get(level).get("p50ms"),
                bare.get(level).get("p95ms"),
                bare.get(level).get("serverCpuMsPerClaim"),
                (Double) figures.get("perSecond") / (Double) bare.get(level).get("perSecond"),
                figures.get("jitCompilingPercentOfTime"),
                bare.get(level).get("jitCompilingPercentOfTime")));
    System.out.println(
        "BENCH (cpu ms: CPU per claim of the application and the database, without the load generator's"
            + " threads; ratio: claims/s ÷ bare claims/s)");
    Map<String, Object> e2e = (Map<String, Object>) result.get("endToEnd");
    Map<String, Object> bareE2e = (Map<String, Object>) result.get("bareEngineEndToEnd");
    double raw = (Double) result.get("rawInsertCommitsPerSecond");
    System.out.printf(
        "BENCH end to end: %s claims/s (%s cpu ms per claim), bare engine %s claims/s (%s cpu ms), ratio %.2f;"
            + " raw insert+commit %s/s (claims/s ÷ raw = %.3f)%n",
        e2e.get("claimsCompletedPerSecond"),
        e2e.get("serverCpuMsPerClaim"),
        bareE2e.get("claimsCompletedPerSecond"),
        bareE2e.get("serverCpuMsPerClaim"),
        (Double) e2e.get("claimsCompletedPerSecond")
            / (Double) bareE2e.get("claimsCompletedPerSecond"),
        raw,
        (Double) e2e.get("claimsCompletedPerSecond") / raw);
    System.out.printf(
        "BENCH end to end, server CPU ms per claim by part: %s; bare engine %s%n",
        e2e.get("serverCpuMsPerClaimByPart"), bareE2e.get("serverCpuMsPerClaimByPart"));
    System.out.printf(
        "BENCH end to end, JVM ms per claim (collectors' and JIT's own time): %s; bare engine %s%n",
        e2e.get("jvmMsPerClaim"), bareE2e.get("jvmMsPerClaim"));
    System.out.printf(
        "BENCH history per end-to-end claim: rows %s, bytes %s; heap in use %s MiB%n",
        result.get("rowsPerClaim"), result.get("historyBytesPerClaim"), result.get("heapInUseMiB"));
  }
}
