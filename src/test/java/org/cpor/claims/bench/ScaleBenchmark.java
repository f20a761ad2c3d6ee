package org.cpor.claims.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.RuntimeService;
import org.cpor.claims.optout.OptOutLinks;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.process.ValidatorTaskFilter;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Flat latency as the tables grow (issue 18), on an embedded PostgreSQL: with {@value
 * #WAITING_DEFAULT} claims waiting for review (real process instances with their review tasks), the
 * five requests every user makes all day are timed; then {@link #SCALE} claims with as many
 * official associations are added with SQL (many partners, tenants, domains, workloads, statuses
 * and dates), analysed, and the same five timed again. Each is reported with the ratio of the p95s
 * (target ≤ 1.5); nothing is asserted.
 *
 * <ul>
 *   <li>submission over {@code POST /api/claims} by 4 clients in a closed loop, checks included;
 *   <li>the partner's first page of claims with a status filter ({@code GET
 *       /api/claims?status=UNDER_REVIEW});
 *   <li>one claim's detail ({@code GET /api/claims/{id}}), one of 100 of the partner's claims;
 *   <li>the validator's Tasklist filter "Claims to validate" over engine REST, as Tasklist asks for
 *       it (the first 15 cards with their variables, HAL);
 *   <li>the opt-out page of a real signed link to an official claim.
 * </ul>
 *
 * <p>Run alone with {@code ./mvnw verify -Pbench -Dbench.scaleOnly=true}; {@code
 * -Dbench.scale=1000000} is the large run, {@code -Dbench.scale=0} leaves the part out of the whole
 * benchmark.
 */
final class ScaleBenchmark {

  static final int WAITING_DEFAULT = 10_000;
  static final int SCALE = Integer.getInteger("bench.scale", 100_000);
  static final int WAITING = Integer.getInteger("bench.scale.waiting", WAITING_DEFAULT);
  static final int REQUESTS = Integer.getInteger("bench.scale.requests", 300);
  static final int SUBMISSIONS = Integer.getInteger("bench.scale.submissions", 300);

  /** Official claims seeded before the first point, so that the opt-out page shows associations. */
  static final int OFFICIAL_AT_START = 1_000;

  static final String PARTNER = "1000001";
  static final int SEED_BATCH = 250_000;

  private ScaleBenchmark() {}

  static Map<String, Object> measure() throws Exception {
    long total = System.nanoTime();
    Map<String, Object> results = new LinkedHashMap<>();
    try (EmbeddedPostgres postgres = ClaimBenchmark.postgres().start()) {
      ConfigurableApplicationContext app =
          ClaimBenchmark.application(ClaimBenchmark.on(postgres, "postgres"));
      try {
        int port = ClaimBenchmark.port(app);
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        Context context =
            new Context(
                jdbc,
                Http.to(port).as("partner1", "partner1"),
                Http.to(port).as("validator", "validator"),
                app.getBean(FilterService.class)
                    .createFilterQuery()
                    .filterName(ValidatorTaskFilter.NAME)
                    .singleResult()
                    .getId(),
                app.getBean(OptOutLinks.class));

        long filling = System.nanoTime();
        startWaitingClaims(app.getBean(RuntimeService.class), WAITING);
        results.put("waitingFillSeconds", round((System.nanoTime() - filling) / 1e9));
        seed(jdbc, 1, OFFICIAL_AT_START, true);
        analyze(jdbc);
        results.put("small", point(context));

        long seeding = System.nanoTime();
        seed(jdbc, OFFICIAL_AT_START + 1, SCALE, false);
        analyze(jdbc);
        results.put("seedSeconds", round((System.nanoTime() - seeding) / 1e9));
        results.put("large", point(context));
        results.put("tables", counts(jdbc));
      } finally {
        app.close();
      }
    }
    results.put("totalSeconds", round((System.nanoTime() - total) / 1e9));
    results.put("ratios", ratios(results));
    print(results);
    return results;
  }

  private record Context(
      JdbcClient jdbc, Http partner, Http validator, String filterId, OptOutLinks links) {}

  /** The five measures at the database's current size. */
  private static Map<String, Object> point(Context context) throws Exception {
    List<String> details =
        context
            .jdbc
            .sql(
                "select id from claim where partner_id = ? and status = 'UNDER_REVIEW' "
                    + "order by random() limit 100")
            .param(PARTNER)
            .query(String.class)
            .list();
    List<String> optOuts =
        context
            .jdbc
            .sql(
                "select id from claim where status = 'OFFICIAL' and id like 'SCALE-%' "
                    + "order by random() limit 100")
            .query(String.class)
            .list()
            .stream()
            .map(
                id ->
                    URI.create(context.links.linkFor(id, Instant.now().plus(30, ChronoUnit.DAYS)))
                        .getPath())
            .toList();
    Map<String, IntFunction<Http.Answer>> reads = new LinkedHashMap<>();
    reads.put(
        "partner list, status filter",
        i -> context.partner.get("/api/claims?size=20&status=UNDER_REVIEW"));
    reads.put(
        "claim detail", i -> context.partner.get("/api/claims/" + details.get(i % details.size())));
    reads.put(
        "validator filter",
        i ->
            context.validator.send(
                "POST",
                "/engine-rest/filter/" + context.filterId + "/list?firstResult=0&maxResults=15",
                "application/json",
                "{}",
                Map.of("Accept", "application/hal+json")));
    reads.put("opt-out page", i -> context.partner.get(optOuts.get(i % optOuts.size())));

    // Warm-up: the first point is measured with a cold JIT otherwise.
    ClaimBenchmark.timed(4, SUBMISSIONS / 2, submissions(context.partner));
    for (int round = 0; round < 2; round++) {
      reads.forEach((name, read) -> sequential(REQUESTS, read));
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("claims", count(context.jdbc, "claim"));
    figures.put("officialAssociations", count(context.jdbc, "association"));
    figures.put(
        "reviewTasks",
        context
            .jdbc
            .sql("select count(*) from act_ru_task where task_def_key_ = ?")
            .param(ClaimProcess.Elements.TASK_VALIDATE_CLAIM)
            .query(Long.class)
            .single());
    figures.put(
        "submission, 4 clients",
        ClaimBenchmark.timed(4, SUBMISSIONS, submissions(context.partner)));
    reads.forEach((name, read) -> figures.put(name, sequential(REQUESTS, read)));
    return figures;
  }

  /** Submissions over the partner API, checks included (the clients' threads are not server). */
  private static CpuMeter.OverHttp submissions(Http partner) {
    return i -> ClaimBenchmark.submit(partner, "scale");
  }

  /** Claims waiting for review, started on the engine by 4 threads as engine REST callers do. */
  private static void startWaitingClaims(RuntimeService runtime, int claims) throws Exception {
    ClaimBenchmark.timed(
        4,
        claims,
        i -> {
          ClaimFixtures.Tenant tenant =
              new ClaimFixtures.Tenant(
                  UUID.randomUUID().toString(),
                  "waiting-" + UUID.randomUUID().toString().substring(0, 12) + ".example.com");
          Map<String, Object> variables = ClaimFixtures.claim(PARTNER, tenant);
          variables.put("workloads", "Teams");
          runtime.startProcessInstanceByKey(ClaimProcess.PROCESS_KEY, variables);
          return null;
        });
  }

  /**
   * Claims {@code SCALE-from} to {@code SCALE-to} with SQL, in batches: 5,000 partners (the demo's
   * partner1 holds every 50th claim), two claims per tenant and domain on different workloads (two
   * each), submitted over the last three years; half OFFICIAL with both workloads' associations (so
   * as many official associations as claims), the rest rejected, approved, under review or waiting
   * for the partner. {@code allOfficial}: every claim official (the few the first point needs for
   * the opt-out page).
   */
  static void seed(JdbcClient jdbc, int from, int to, boolean allOfficial) {
    for (int start = from; start <= to; start += SEED_BATCH) {
      int end = Math.min(to, start + SEED_BATCH - 1);
      jdbc.sql(
              """
              insert into claim (id, partner_id, partner_name, claim_name, customer_domain, customer_tenant_id,
                solution_area, activity, customer_contact_name, customer_contact_title,
                customer_contact_email, partner_contact_name, partner_contact_email, proof_of_execution,
                status, review_due_at, opt_out_deadline, submitted_at, updated_at)
              select 'SCALE-' || g, p.id, 'Partner ' || p.id, 'Seeded claim ' || g,
                'c' || (g / 2) || '.example.com', md5((g / 2)::text)::uuid::text, 'MICROSOFT_365', 'USAGE',
                'Casey Customer', 'IT lead', 'casey@c' || (g / 2) || '.example.com', 'Pat Partner',
                'pat@p' || p.id || '.example.com', 'https://proof.example.com/' || g, s.status,
                t.at + interval '10 days',
                case when s.status in ('APPROVED', 'OFFICIAL') then t.at + interval '20 days' end,
                t.at, t.at + interval '15 days'
              from generate_series(:from, :to) g
                cross join lateral (select case when g % 50 = 0 then :partner
                  else (2000000 + g % 4999)::text end as id) p
                cross join lateral (select case when :allOfficial or g % 10 < 5 then 'OFFICIAL'
                  when g % 10 < 7 then 'REJECTED' when g % 10 = 7 then 'APPROVED'
                  when g % 10 = 8 then 'UNDER_REVIEW' else 'PARTNER_ACTION_REQUIRED' end as status) s
                cross join lateral (select timestamp '2026-11-01' - (g % 1000000) * interval '95 second' as at) t""")
          .param("from", start)
          .param("to", end)
          .param("partner", PARTNER)
          .param("allOfficial", allOfficial)
          .update();
      if (start == from) {
        // Before the rows that refer to the claims: their foreign key checks plan with these.
        jdbc.sql("analyze claim").update();
      }
      jdbc.sql(
              """
              insert into claim_workload (claim_id, workload, ordinal)
              select 'SCALE-' || g, w.workload, w.ordinal from generate_series(:from, :to) g
                join (values (0, 'Teams', 0), (0, 'Exchange', 1), (1, 'SharePoint', 0), (1, 'Intune', 1))
                  w (parity, workload, ordinal)
                  on w.parity = g % 2""")
          .param("from", start)
          .param("to", end)
          .update();
      jdbc.sql(
              """
              insert into association (partner_id, customer_tenant_id, workload, claim_id, status, official_since)
              select c.partner_id, c.customer_tenant_id, w.workload, c.id, 'OFFICIAL', c.opt_out_deadline
              from generate_series(:from, :to) g
                join claim c on c.id = 'SCALE-' || g
                join claim_workload w on w.claim_id = c.id
              where c.status = 'OFFICIAL'""")
          .param("from", start)
          .param("to", end)
          .update();
      if (start == from) {
        // The first batch's statistics, so that the next batches' joins and key checks use indexes.
        analyze(jdbc);
      }
    }
  }

  private static void analyze(JdbcClient jdbc) {
    for (String table : List.of("claim", "claim_workload", "association")) {
      jdbc.sql("analyze " + table).update();
    }
  }

  private static long count(JdbcClient jdbc, String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
  }

  private static Map<String, Object> counts(JdbcClient jdbc) {
    Map<String, Object> counts = new LinkedHashMap<>();
    for (String table : List.of("claim", "claim_workload", "association", "act_ru_task")) {
      counts.put(table, count(jdbc, table));
    }
    return counts;
  }

  /** One client, one request after the other; every answer must be 200. */
  private static Map<String, Object> sequential(int requests, IntFunction<Http.Answer> read) {
    long[] nanos = new long[requests];
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      Http.Answer answer = read.apply(i);
      nanos[i] = System.nanoTime() - start;
      if (answer.status() != 200) {
        throw new IllegalStateException(answer.status() + " " + answer.body());
      }
    }
    return percentiles(nanos, requests / ((double) Arrays.stream(nanos).sum() / 1e9));
  }

  private static Map<String, Object> percentiles(long[] nanos, double perSecond) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("perSecond", round(perSecond));
    figures.put("p50ms", round(sorted[sorted.length / 2] / 1e6));
    figures.put("p95ms", round(sorted[(int) (sorted.length * 0.95)] / 1e6));
    return figures;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> ratios(Map<String, Object> results) {
    Map<String, Object> small = (Map<String, Object>) results.get("small");
    Map<String, Object> large = (Map<String, Object>) results.get("large");
    Map<String, Object> ratios = new LinkedHashMap<>();
    small.forEach(
        (name, figures) -> {
          if (figures instanceof Map<?, ?> base) {
            double p95 = (Double) ((Map<String, Object>) large.get(name)).get("p95ms");
            ratios.put(name, Math.round(p95 / (Double) base.get("p95ms") * 100) / 100.0);
          }
        });
    return ratios;
  }

  @SuppressWarnings("unchecked")
  static void print(Map<String, Object> results) {
    Map<String, Object> small = (Map<String, Object>) results.get("small");
    Map<String, Object> large = (Map<String, Object>) results.get("large");
    Map<String, Object> ratios = (Map<String, Object>) results.get("ratios");
    System.out.println();
    System.out.printf(
        "BENCH ==== scale on PostgreSQL: %s claims (%s associations) against %s (%s waiting for review) ====%n",
        large.get("claims"),
        large.get("officialAssociations"),
        small.get("claims"),
        small.get("reviewTasks"));
    System.out.printf(
        "BENCH %-30s %10s %10s %10s %10s %8s%n",
        "measure", "small p50", "small p95", "large p50", "large p95", "p95 ×");
    ratios.forEach(
        (name, ratio) -> {
          Map<String, Object> base = (Map<String, Object>) small.get(name);
          Map<String, Object> grown = (Map<String, Object>) large.get(name);
          System.out.printf(
              "BENCH %-30s %10s %10s %10s %10s %8s%s%n",
              name,
              base.get("p50ms"),
              base.get("p95ms"),
              grown.get("p50ms"),
              grown.get("p95ms"),
              ratio,
              (Double) ratio > 1.5 ? "  (target ≤ 1.5 missed)" : "");
        });
    System.out.printf(
        "BENCH filling %s waiting claims took %s s, seeding %s s; the part took %s s in all%n",
        WAITING,
        results.get("waitingFillSeconds"),
        results.get("seedSeconds"),
        results.get("totalSeconds"));
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
