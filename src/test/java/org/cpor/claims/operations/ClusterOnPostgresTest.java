package org.cpor.claims.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.cpor.claims.support.ApplicationNode;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two application nodes (two JVMs) with their own job executors on one real PostgreSQL: 240 claims
 * driven to the end, each with exactly one outcome and one mail per step, work shared by both
 * nodes; then one node dies mid-run and the other finishes everything.
 */
class ClusterOnPostgresTest {

  static final int CLAIMS_ONE_NODE = 40;
  static final int CLAIMS_TWO_NODES = 160;
  static final int CLAIMS_FAILOVER = 40;

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  static EmbeddedPostgres postgres;
  static JdbcClient database;
  final Path workDir =
      Path.of("target", "cluster-test", UUID.randomUUID().toString()).toAbsolutePath();
  final ExecutorService clients = Executors.newFixedThreadPool(4);

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "120").start();
    DataSource dataSource = postgres.getPostgresDatabase();
    database = JdbcClient.create(dataSource);
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void twoNodesShareTheWorkAndOneFinishesWhatADeadOneLeft() throws Exception {
    try (ApplicationNode first = node("node-1")) {
      // A wrong password is counted by the identity service (a write) and answered 401 on
      // PostgreSQL too; it neither delays nor locks the user (see AbuseLimits).
      assertThat(first.http().as("partner2", "not-the-password").get("/api/claims").status())
          .isEqualTo(401);
      assertThat(
              database
                  .sql("select attempts_ from act_id_user where id_ = 'partner2'")
                  .query(Integer.class)
                  .single())
          .isEqualTo(1);
      List<String> oneNode = runToOfficial(List.of(first), CLAIMS_ONE_NODE, "one node");

      List<String> twoNodes;
      List<String> failover;
      try (ApplicationNode second = node("node-2")) {
        twoNodes = runToOfficial(List.of(first, second), CLAIMS_TWO_NODES, "two nodes");

        // Failover: both nodes take work, then node 2 dies while its jobs run.
        failover = submitAndApprove(List.of(first, second), CLAIMS_FAILOVER);
        ApplicationNode.waitUntil(
            Duration.ofSeconds(120),
            () -> ClusterSteps.count(database, failover, "APPROVED") == failover.size());
        ClusterSteps.makeOptOutDeadlinesDue(database);
        Thread.sleep(300);
        second.kill();
      }
      // Node 1 takes over node 2's locked jobs once their locks expire, and ends every process.
      ApplicationNode.waitUntil(
          Duration.ofSeconds(120),
          () ->
              ClusterSteps.count(database, failover, "OFFICIAL") == failover.size()
                  && database
                          .sql("select count(*) from act_ru_execution")
                          .query(Long.class)
                          .single()
                      == 0);

      List<String> all = new ArrayList<>(oneNode);
      all.addAll(twoNodes);
      all.addAll(failover);
      assertThat(all).doesNotHaveDuplicates();
      assertThat(ClusterSteps.count(database, all, "OFFICIAL"))
          .as("every claim has exactly one outcome")
          .isEqualTo(all.size());
      assertThat(
              database
                  .sql("select count(*) from association where status = 'OFFICIAL'")
                  .query(Long.class)
                  .single())
          .isEqualTo(all.size());
      assertThat(database.sql("select count(*) from act_ru_execution").query(Long.class).single())
          .isZero();
      assertThat(database.sql("select count(*) from act_ru_incident").query(Long.class).single())
          .isZero();

      Map<String, Long> mails =
          Arrays.stream(smtp.getReceivedMessages())
              .map(Mails::subject)
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(mails).hasSize(2 * all.size());
      long duplicates = mails.values().stream().filter(n -> n > 1).count();
      Map<String, Long> jobsPerNode = new HashMap<>();
      database
          .sql(
              "select hostname_, count(*) from act_hi_job_log where job_state_ = 2 group by hostname_")
          .query((rs, row) -> jobsPerNode.put(rs.getString(1), rs.getLong(2)))
          .list();
      long lockClashes =
          database
              .sql(
                  "select count(*) from act_hi_job_log where job_state_ = 1 and "
                      + "job_exception_msg_ like '%OptimisticLocking%'")
              .query(Long.class)
              .single();
      System.out.printf(
          "CLUSTER claims=%d mails=%d duplicateMails=%d jobsPerNode=%s failedJobsWithOptimisticLocking=%d%n",
          all.size(), smtp.getReceivedMessages().length, duplicates, jobsPerNode, lockClashes);
      assertThat(duplicates)
          .as("mail duplicates (only a kill in the millisecond after an SMTP answer may cause one)")
          .isLessThanOrEqualTo(1);
      assertThat(jobsPerNode.get("node-1")).isPositive();
      assertThat(jobsPerNode.get("node-2")).isPositive();
    } finally {
      clients.shutdownNow();
    }
  }

  private ApplicationNode node(String name) throws Exception {
    return ApplicationNode.start(
        workDir,
        name,
        ApplicationNode.freePort(),
        TestSmtp.PORT,
        List.of(
            "--spring.profiles.active=demo,postgres",
            "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=",
            "--camunda.bpm.job-execution.lock-time-in-millis=10000",
            // Which node ran which step is in the job log's successful runs, which level cpor
            // leaves out (docs/history.md); every node of the cluster runs full here.
            "--camunda.bpm.history-level=full"));
  }

  /** Submits, approves, notifies and makes official; prints claims completed per second. */
  private List<String> runToOfficial(List<ApplicationNode> nodes, int claims, String label)
      throws Exception {
    long start = System.nanoTime();
    List<String> ids = submitAndApprove(nodes, claims);
    ApplicationNode.waitUntil(
        Duration.ofSeconds(180), () -> ClusterSteps.count(database, ids, "APPROVED") == ids.size());
    ClusterSteps.makeOptOutDeadlinesDue(database);
    ApplicationNode.waitUntil(
        Duration.ofSeconds(180),
        () ->
            ClusterSteps.count(database, ids, "OFFICIAL") == ids.size()
                && database.sql("select count(*) from act_ru_execution").query(Long.class).single()
                    == 0);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "CLUSTER %-10s claims=%d seconds=%.1f claimsCompletedPerSecond=%.1f%n",
        label, claims, seconds, claims / seconds);
    return ids;
  }

  private List<String> submitAndApprove(List<ApplicationNode> nodes, int claims) throws Exception {
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < claims; i++) {
      ApplicationNode node = nodes.get(i % nodes.size());
      ApplicationNode decider = nodes.get((i + 1) % nodes.size());
      results.add(
          clients.submit(
              () -> {
                String id = submit(node.http().as("partner1", "partner1"));
                ClusterSteps.approve(decider.http().as("validator", "validator"), id);
                return id;
              }));
    }
    List<String> ids = new ArrayList<>();
    for (Future<String> result : results) {
      ids.add(result.get());
    }
    return Collections.unmodifiableList(ids);
  }

  private static String submit(Http partner) {
    Http.Answer answer =
        partner.postJson("/api/claims", ClaimFixtures.apiClaimForNewCustomer("cluster"));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }
}
