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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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
  static final int END_TO_END_CLAIMS = Integer.getInteger("bench.e2e", 200);
  static final int WARM_UP_CLAIMS = Integer.getInteger("bench.warmup", 300);

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

      warmUp(partner, runtime);
      Map<String, Object> submission = new LinkedHashMap<>();
      Map<String, Object> bareStart = new LinkedHashMap<>();
      for (int clients : CLIENTS) {
        submission.put(
            clients + " clients",
            timed(clients, SUBMISSIONS_PER_LEVEL, (CpuMeter.OverHttp) i -> submit(partner)));
        bareStart.put(
            clients + " clients", timed(clients, SUBMISSIONS_PER_LEVEL, i -> bareStart(runtime)));
      }
      String paced = "16 clients paced at " + PACED_RATE + "/s";
      submission.put(paced, paced(16, (CpuMeter.OverHttp) i -> submit(partner)));
      bareStart.put(paced, paced(16, i -> bareStart(runtime)));
      result.put("submission", submission);
      result.put("bareEngineStart", bareStart);

      // History of the end-to-end claims alone: each engine's ACT_HI_* tables before and after.
      DataSource appData = app.getBean(DataSource.class);
      DataSource bareData = bare.getBean(DataSource.class);
      idle(jdbc);
      var appBefore = HistoryFootprint.snapshot(appData);
      result.put(
          "endToEnd", endToEnd(jdbc, (CpuMeter.OverHttp) i -> approve(validator, submit(partner))));
      var appAfter = HistoryFootprint.snapshot(appData);
      JdbcClient bareJdbc = bare.getBean(JdbcClient.class);
      idle(bareJdbc);
      var bareBefore = HistoryFootprint.snapshot(bareData);
      result.put("bareEngineEndToEnd", endToEnd(bareJdbc, i -> bareApprove(runtime, tasks)));
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
   * Both paths until the JIT has compiled them: with 100 claims each, the first measured level (the
   * API at 1 client) still ran partly interpreted and looked 30 % slower than it is.
   */
  private static void warmUp(Http partner, RuntimeService runtime) throws Exception {
    for (int round = 0; round < 2; round++) {
      timed(4, WARM_UP_CLAIMS, (CpuMeter.OverHttp) i -> submit(partner));
      timed(4, WARM_UP_CLAIMS, i -> bareStart(runtime));
    }
  }

  /**
   * Claims submitted and approved by 4 clients, notified by the job executor, made due, official.
   */
  private static Map<String, Object> endToEnd(JdbcClient jdbc, IntFunction<String> submitAndApprove)
      throws Exception {
    CpuMeter cpu = CpuMeter.start();
    long start = System.nanoTime();
    List<String> ids = new ArrayList<>();
    ExecutorService clients =
        Executors.newFixedThreadPool(4, CpuMeter.threadsFor(submitAndApprove));
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < END_TO_END_CLAIMS; i++) {
      int n = i;
      futures.add(clients.submit(() -> submitAndApprove.apply(n)));
    }
    for (Future<String> future : futures) {
      ids.add(future.get());
    }
    clients.shutdown();
    ApplicationNode.waitUntil(
        Duration.ofMinutes(3), () -> count(jdbc, ids, "APPROVED") == ids.size());
    jdbc.sql(
            "update act_ru_job set duedate_ = current_timestamp where handler_type_ = 'timer-intermediate-transition'")
        .update();
    ApplicationNode.waitUntil(
        Duration.ofMinutes(3),
        () ->
            count(jdbc, ids, "OFFICIAL") == ids.size()
                && jdbc.sql(
                            "select count(*) from act_ru_job where handler_type_ = 'async-continuation'")
                        .query(Long.class)
                        .single()
                    == 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    return Map.of(
        "claims",
        ids.size(),
        "seconds",
        round(seconds),
        "claimsCompletedPerSecond",
        round(ids.size() / seconds),
        "serverCpuMsPerClaim",
        round(cpu.serverMillis() / ids.size()));
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
    return figures(pool, futures, start, cpu, latencies);
  }

  /**
   * Open loop: requests are due at a fixed rate whatever the answers do, and each latency counts
   * from the moment its request was due, so a slow answer that delays the next ones is not hidden
   * (no coordinated omission).
   */
  private static Map<String, Object> paced(int clients, IntFunction<String> action)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients, CpuMeter.threadsFor(action));
    int requests = PACED_REQUESTS;
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
    return figures(pool, futures, start, cpu, latencies);
  }

  /**
   * Waits for the level's clients, then: claims/s, latency percentiles and server CPU per claim.
   */
  private static Map<String, Object> figures(
      ExecutorService pool, List<Future<?>> futures, long start, CpuMeter cpu, long[] latencies)
      throws Exception {
    for (Future<?> future : futures) {
      future.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int requests = latencies.length;
    double cpuMsPerClaim = cpu.serverMillis() / requests;
    double perSecond = requests / seconds;
    pool.shutdown();
    Arrays.sort(latencies);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("perSecond", round(perSecond));
    figures.put("p50ms", round(latencies[requests / 2] / 1e6));
    figures.put("p95ms", round(latencies[(int) (requests * 0.95)] / 1e6));
    figures.put("p99ms", round(latencies[(int) (requests * 0.99)] / 1e6));
    figures.put("serverCpuMsPerClaim", round(cpuMsPerClaim));
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
    System.out.println(
        "BENCH PostgreSQL statements by total time (calls, total ms, mean ms, statement):");
    jdbc.sql(
            "select calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3), "
                + "left(regexp_replace(query, '\\s+', ' ', 'g'), 160) from pg_stat_statements "
                + "order by total_exec_time desc limit "
                + TOP_STATEMENTS)
        .query(
            (rs, row) ->
                String.format(
                    "BENCH %8d %10s %8s  %s",
                    rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
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
        "BENCH %-30s %8s %7s %7s %7s %7s | %8s %7s %7s %7s | %6s%n",
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
        "ratio");
    Map<String, Map<String, Object>> submission =
        (Map<String, Map<String, Object>>) result.get("submission");
    Map<String, Map<String, Object>> bare =
        (Map<String, Map<String, Object>>) result.get("bareEngineStart");
    submission.forEach(
        (level, figures) ->
            System.out.printf(
                "BENCH %-30s %8s %7s %7s %7s %7s | %8s %7s %7s %7s | %6.2f%n",
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
                (Double) figures.get("perSecond") / (Double) bare.get(level).get("perSecond")));
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
        "BENCH history per end-to-end claim: rows %s, bytes %s; heap in use %s MiB%n",
        result.get("rowsPerClaim"), result.get("historyBytesPerClaim"), result.get("heapInUseMiB"));
  }
}
