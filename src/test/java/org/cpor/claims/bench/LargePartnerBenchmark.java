package org.cpor.claims.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.cpor.claims.support.Http;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A large partner on PostgreSQL (`./mvnw verify -Pbench -Dbench.largePartner=true`): the first page
 * of its claims (with and without a status filter) and of its associations, on a database where it
 * holds 20 claims and 10 associations and then on one where it holds 200,000 claims and 100,000
 * associations among 1,000,000 claims (seeded with SQL); and the CSV export of its 100,000
 * associations and 200,000 claims with the heap it takes. Reported, never asserted.
 */
final class LargePartnerBenchmark {

  static final String PARTNER = "1000001";
  static final int CLAIMS = Integer.getInteger("bench.largePartner.claims", 1_000_000);
  static final int REQUESTS = Integer.getInteger("bench.largePartner.requests", 500);

  private LargePartnerBenchmark() {}

  static Map<String, Object> measure() throws Exception {
    Map<String, Object> results = new LinkedHashMap<>();
    try (EmbeddedPostgres postgres = ClaimBenchmark.postgres().start()) {
      ConfigurableApplicationContext app =
          ClaimBenchmark.application(ClaimBenchmark.on(postgres, "postgres"));
      try {
        int port = ClaimBenchmark.port(app);
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        Http partner = Http.to(port).as("partner1", "partner1");

        seedSmall(jdbc);
        results.put("small", pages(partner));
        long seeding = System.nanoTime();
        seedLarge(jdbc);
        results.put("seedSeconds", round((System.nanoTime() - seeding) / 1e9));
        Map<String, Object> large = pages(partner);
        large.put(
            "claims, page=1000 (offset 20,000)",
            latency(partner, "/api/claims?size=20&page=1000", REQUESTS / 5));
        large.put(
            "claims, cursor at the 20,000th",
            latency(partner, "/api/claims?size=20&cursor=" + cursorAt(jdbc, 20_000), REQUESTS));
        large.put(
            "claims, first page with total=true",
            latency(partner, "/api/claims?size=20&total=true", REQUESTS / 5));
        results.put("large", large);
        results.put("associationsCsv", export(port, "/api/associations.csv"));
        results.put("claimsCsv", export(port, "/api/claims.csv"));
      } finally {
        app.close();
      }
    }
    print(results);
    return results;
  }

  /** The pages a partner's system asks for most: the first of each list. */
  private static Map<String, Object> pages(Http partner) {
    Map<String, Object> pages = new LinkedHashMap<>();
    Map<String, String> paths = new LinkedHashMap<>();
    paths.put("claims, first page", "/api/claims?size=20");
    paths.put("claims, first page of UNDER_REVIEW", "/api/claims?size=20&status=UNDER_REVIEW");
    paths.put("associations, first page", "/api/associations?size=20");
    // Warm-up: measured after 500 requests the small database's p95 was still the JIT's (31 ms
    // against 3 ms once warm).
    for (int round = 0; round < 4; round++) {
      paths.forEach((name, path) -> latency(partner, path, REQUESTS));
    }
    paths.forEach((name, path) -> pages.put(name, latency(partner, path, REQUESTS)));
    return pages;
  }

  private static Map<String, Object> latency(Http partner, String path, int requests) {
    long[] nanos = new long[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      Http.Answer answer = partner.get(path);
      nanos[i] = System.nanoTime() - start;
      if (answer.status() != 200 || answer.json().get("content").isEmpty()) {
        throw new IllegalStateException(path + ": " + answer.status() + " " + answer.body());
      }
    }
    Arrays.sort(nanos);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("p50ms", round(nanos[requests / 2] / 1e6));
    figures.put("p95ms", round(nanos[(int) (requests * 0.95)] / 1e6));
    return figures;
  }

  /**
   * Downloads the export as a client would (read and dropped, line by line) while sampling the
   * heap: its growth at the peak with the eden space's garbage and without it (survivor and old
   * generation: what outlived a young collection), the old generation's peak, and what stays after
   * a full GC.
   */
  private static Map<String, Object> export(int port, String path) throws Exception {
    System.gc();
    Thread.sleep(200);
    long before = usedHeap();
    List<MemoryPoolMXBean> pools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    pools.forEach(MemoryPoolMXBean::resetPeakUsage);
    long oldBefore = oldGenUsed(pools, false);
    AtomicLong peak = new AtomicLong(before);
    long survivingBefore = survivingHeap(pools);
    AtomicLong survivingPeak = new AtomicLong(survivingBefore);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (running.get()) {
                peak.accumulateAndGet(usedHeap(), Math::max);
                survivingPeak.accumulateAndGet(survivingHeap(pools), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.start();
    long start = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("partner1:partner1".getBytes(StandardCharsets.UTF_8)))
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    long lines = 0;
    long chars = 0;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines++;
        chars += line.length() + 2;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    running.set(false);
    sampler.join();
    long oldPeak = oldGenUsed(pools, true);
    System.gc();
    Thread.sleep(200);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("status", response.statusCode());
    figures.put("rows", lines - 1);
    figures.put("MiB", round(chars / 1048576.0));
    figures.put("seconds", round(seconds));
    figures.put("heapPeakGrowthMiB", round((peak.get() - before) / 1048576.0));
    figures.put(
        "survivorAndOldGenPeakGrowthMiB",
        round((survivingPeak.get() - survivingBefore) / 1048576.0));
    figures.put("oldGenPeakGrowthMiB", round((oldPeak - oldBefore) / 1048576.0));
    figures.put("heapGrowthAfterGcMiB", round((usedHeap() - before) / 1048576.0));
    return figures;
  }

  /** The heap without the eden space: what survived at least one collection (garbage left out). */
  private static long survivingHeap(List<MemoryPoolMXBean> pools) {
    return pools.stream()
        .filter(pool -> !pool.getName().contains("Eden"))
        .mapToLong(pool -> pool.getUsage().getUsed())
        .sum();
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long oldGenUsed(List<MemoryPoolMXBean> pools, boolean peak) {
    return pools.stream()
        .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
        .mapToLong(pool -> peak ? pool.getPeakUsage().getUsed() : pool.getUsage().getUsed())
        .sum();
  }

  /** 20 claims and 10 associations of the partner: the size the benchmark compares with. */
  private static void seedSmall(JdbcClient jdbc) {
    seed(jdbc, "SMALL-", 100, 5, 0);
  }

  /**
   * {@link #CLAIMS} claims, every fifth the partner's (a quarter of each status); the partner's
   * OFFICIAL ones hold two workloads each (100,000 associations), the other partners' one.
   */
  private static void seedLarge(JdbcClient jdbc) {
    seed(jdbc, "BIG-", CLAIMS, 5, 1);
  }

  private static void seed(JdbcClient jdbc, String prefix, int claims, int every, int others) {
    jdbc.sql(
            """
            insert into claim (id, partner_id, claim_name, customer_domain, customer_tenant_id, solution_area,
              activity, status, submitted_at, updated_at)
            select :prefix || g, case when g % :every = 0 then :partner else (2000000 + g % 4999)::text end,
              'Seeded claim ' || g, 'c' || g || '.example.com', md5(g::text)::uuid::text, 'MICROSOFT_365',
              'USAGE',
              (array['UNDER_REVIEW','APPROVED','OFFICIAL','REJECTED'])[1 + (g / :every) % 4],
              timestamp '2025-01-01' + g * interval '20 second',
              timestamp '2025-01-01' + g * interval '20 second'
            from generate_series(1, :claims) g""")
        .param("prefix", prefix)
        .param("every", every)
        .param("partner", PARTNER)
        .param("claims", claims)
        .update();
    jdbc.sql(
            """
            insert into claim_workload (claim_id, workload, ordinal)
            select c.id, w.workload, w.ordinal
            from claim c cross join (values ('Teams', 0), ('Exchange', 1)) w (workload, ordinal)
            where c.id like :prefix || '%'""")
        .param("prefix", prefix)
        .update();
    jdbc.sql("analyze claim").update();
    jdbc.sql("analyze claim_workload").update();
    jdbc.sql(
            """
            insert into association (partner_id, customer_tenant_id, workload, claim_id, status, official_since)
            select c.partner_id, c.customer_tenant_id, w.workload, c.id, 'OFFICIAL', c.submitted_at
            from claim c cross join (values ('Teams'), ('Exchange')) w (workload)
            where c.id like :prefix || '%' and c.status = 'OFFICIAL'
              and (c.partner_id = :partner or (:others = 1 and w.workload = 'Teams'))""")
        .param("prefix", prefix)
        .param("partner", PARTNER)
        .param("others", others)
        .update();
    jdbc.sql("analyze claim").update();
    jdbc.sql("analyze association").update();
  }

  /** The cursor the API answers with after the partner's n-th newest claim. */
  private static String cursorAt(JdbcClient jdbc, int n) {
    Map<String, Object> row =
        jdbc.sql(
                "select id, submitted_at from claim where partner_id = ? "
                    + "order by submitted_at desc, id desc offset ? limit 1")
            .params(PARTNER, n - 1)
            .query()
            .singleRow();
    java.sql.Timestamp at = (java.sql.Timestamp) row.get("submitted_at");
    String plain =
        "claims|"
            + at.toInstant().getEpochSecond()
            + "|"
            + at.toInstant().getNano()
            + "|"
            + row.get("id");
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(plain.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            (Long.toHexString(crc.getValue()) + "|" + plain).getBytes(StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  private static void print(Map<String, Object> results) {
    System.out.println();
    System.out.println(
        "BENCH ==== large partner on PostgreSQL (1 client, " + REQUESTS + " requests) ====");
    Map<String, Map<String, Object>> small =
        (Map<String, Map<String, Object>>) results.get("small");
    Map<String, Map<String, Object>> large =
        (Map<String, Map<String, Object>>) results.get("large");
    System.out.printf(
        "BENCH %-40s %12s %12s %12s %12s %7s%n",
        "request", "small p50", "small p95", "large p50", "large p95", "p95 ×");
    large.forEach(
        (name, figures) -> {
          Map<String, Object> base = small.get(name);
          System.out.printf(
              "BENCH %-40s %12s %12s %12s %12s %7s%n",
              name,
              base == null ? "" : base.get("p50ms"),
              base == null ? "" : base.get("p95ms"),
              figures.get("p50ms"),
              figures.get("p95ms"),
              base == null
                  ? ""
                  : String.format(
                      "%.2f", (Double) figures.get("p95ms") / (Double) base.get("p95ms")));
        });
    System.out.println("BENCH seeding took " + results.get("seedSeconds") + " s");
    System.out.println("BENCH associations.csv: " + results.get("associationsCsv"));
    System.out.println("BENCH claims.csv: " + results.get("claimsCsv"));
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
