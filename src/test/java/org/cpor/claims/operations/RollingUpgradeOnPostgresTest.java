package org.cpor.claims.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
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
 * A rolling upgrade on PostgreSQL: node 2 still runs the previous release (its model: the one
 * before disputes, {@code models/cpor-claim-v1.bpmn}) while node 1 already runs the new build. With
 * deployment-aware job execution node 1 runs the jobs of both versions, node 2 only those of its
 * own version ({@code ModelVersionJobs}); claims of the old version are migrated by an admin on
 * node 1. Every claim ends official, no job fails, every mail is sent exactly once.
 */
class RollingUpgradeOnPostgresTest {

  static final int CLAIMS_PER_PHASE = 12;

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  static EmbeddedPostgres postgres;
  static JdbcClient database;
  final Path workDir =
      Path.of("target", "rolling-upgrade-test", UUID.randomUUID().toString()).toAbsolutePath();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "80").start();
    database = JdbcClient.create(postgres.getPostgresDatabase());
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void newBuildFirstThenOldNodeNeverRunsJobsOfTheNewModel() throws Exception {
    Path oldModels = workDir.resolve("previous-release/bpmn");
    Files.createDirectories(oldModels);
    try (InputStream model =
        getClass().getClassLoader().getResourceAsStream("models/cpor-claim-v1.bpmn")) {
      Files.copy(model, oldModels.resolve("cpor-claim.bpmn"));
    }

    try (ApplicationNode oldNode =
        node(
            "node-2",
            "--camunda.bpm.deployment-resource-pattern[0]=file:" + oldModels + "/*.bpmn",
            "--camunda.bpm.deployment-resource-pattern[1]=classpath*:bpmn/**/*.form")) {
      // Before the upgrade: claims on the previous model, some approved, some still in review.
      List<String> approvedOnOld = submit(oldNode, CLAIMS_PER_PHASE);
      approveAll(oldNode, approvedOnOld);
      List<String> inReviewOnOld = submit(oldNode, CLAIMS_PER_PHASE);
      ApplicationNode.waitUntil(
          Duration.ofSeconds(120),
          () -> ClusterSteps.count(database, approvedOnOld, "APPROVED") == approvedOnOld.size());

      try (ApplicationNode newNode = node("node-1")) {
        // Both run side by side: new claims start on the new model, from either node.
        List<String> newClaims = new ArrayList<>(submit(newNode, CLAIMS_PER_PHASE));
        newClaims.addAll(submit(oldNode, CLAIMS_PER_PHASE));

        // An admin migrates the old version's claims in flight (on the new node).
        Http.Answer migrated =
            newNode.http().as("admin", "admin").postJson("/api/admin/migrations", Map.of());
        assertThat(migrated.status()).as(migrated.body()).isEqualTo(200);
        assertThat(migrated.json().get("notMigrated")).isEmpty();
        assertThat(migrated.json().get("migrated")).hasSize(2 * CLAIMS_PER_PHASE);

        approveAll(newNode, inReviewOnOld);
        approveAll(oldNode, newClaims);
        List<String> all = new ArrayList<>(approvedOnOld);
        all.addAll(inReviewOnOld);
        all.addAll(newClaims);
        ApplicationNode.waitUntil(
            Duration.ofSeconds(180),
            () -> ClusterSteps.count(database, all, "APPROVED") == all.size());
        ClusterSteps.makeOptOutDeadlinesDue(database);
        ApplicationNode.waitUntil(
            Duration.ofSeconds(180),
            () ->
                ClusterSteps.count(database, all, "OFFICIAL") == all.size()
                    && database
                            .sql("select count(*) from act_ru_execution")
                            .query(Long.class)
                            .single()
                        == 0);

        String newDeployment =
            database
                .sql(
                    "select deployment_id_ from act_re_procdef where key_ = 'cpor-claim'"
                        + " order by version_ desc limit 1")
                .query(String.class)
                .single();
        Map<String, Long> jobsOfNewModel = new HashMap<>();
        database
            .sql(
                "select hostname_, count(*) from act_hi_job_log where job_state_ = 2"
                    + " and deployment_id_ = ? group by hostname_")
            .param(newDeployment)
            .query((rs, row) -> jobsOfNewModel.put(rs.getString(1), rs.getLong(2)))
            .list();
        long failed =
            database
                .sql(
                    "select count(*) from act_hi_job_log where job_state_ = 1"
                        + " and (job_exception_msg_ is null"
                        + " or job_exception_msg_ not like '%OptimisticLocking%')")
                .query(Long.class)
                .single();
        Map<String, Long> mails =
            Arrays.stream(smtp.getReceivedMessages())
                .map(Mails::subject)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        System.out.printf(
            "ROLLING claims=%d mails=%d jobsOfNewModelPerNode=%s failedJobs=%d%n",
            all.size(), smtp.getReceivedMessages().length, jobsOfNewModel, failed);

        assertThat(jobsOfNewModel.get("node-1")).isPositive();
        assertThat(jobsOfNewModel).doesNotContainKey("node-2");
        assertThat(failed).as("failed jobs other than optimistic-locking clashes").isZero();
        assertThat(database.sql("select count(*) from act_ru_incident").query(Long.class).single())
            .isZero();
        assertThat(mails)
            .as("a notification and an official mail per claim")
            .hasSize(2 * all.size());
        assertThat(mails.values()).as("no mail twice").containsOnly(1L);
      }
    }
  }

  private ApplicationNode node(String name, String... extra) throws Exception {
    List<String> settings =
        new ArrayList<>(
            List.of(
                "--spring.profiles.active=demo,postgres",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--camunda.bpm.job-execution.lock-time-in-millis=10000",
                // Which node ran which step is in the job log's successful runs, which level cpor
                // leaves out (docs/history.md); every node of the cluster runs full here.
                "--camunda.bpm.history-level=full"));
    settings.addAll(List.of(extra));
    return ApplicationNode.start(
        workDir, name, ApplicationNode.freePort(), TestSmtp.PORT, settings);
  }

  private static List<String> submit(ApplicationNode node, int claims) {
    Http partner = node.http().as("partner1", "partner1");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < claims; i++) {
      Http.Answer answer =
          partner.postJson("/api/claims", ClaimFixtures.apiClaimForNewCustomer("rolling"));
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
      ids.add(answer.json().get("id").asText());
    }
    return ids;
  }

  private static void approveAll(ApplicationNode node, List<String> claimIds) {
    Http validator = node.http().as("validator", "validator");
    for (String claimId : claimIds) {
      ClusterSteps.approve(validator, claimId);
    }
  }
}
