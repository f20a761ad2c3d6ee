package org.cpor.claims.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engine's history cleanup as configured for production (removal-time based, history time to
 * live 180 days): a finished claim's engine history is removed once its removal time has passed; a
 * running claim's engine history, and the application's own record of both claims (claim, claim
 * history, ended stages), stay.
 */
@CporSpringTest
class HistoryCleanupTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  /** The engine's history tables that hold rows of a process instance (by its root). */
  private static final List<String> HISTORY_TABLES =
      List.of(
          "act_hi_procinst",
          "act_hi_actinst",
          "act_hi_taskinst",
          "act_hi_varinst",
          "act_hi_detail",
          "act_hi_job_log",
          "act_hi_identitylink",
          "act_hi_op_log",
          "act_hi_incident",
          "act_ge_bytearray");

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired ClaimRepository claims;
  @Autowired ClaimHistory claimHistory;
  @Autowired JdbcClient jdbc;

  @Test
  void theCleanupRemovesAFinishedClaimsEngineHistoryOnceItsRemovalTimeHasPassed() {
    ClaimDriver driver = ClaimDriver.on(engine);
    Http partner = TestUsers.newPartnerApi(identityService, port);
    String finishedId = submit(partner);
    String runningId = submit(partner);
    ProcessInstance finished = driver.instanceOf(finishedId);
    ProcessInstance running = driver.instanceOf(runningId);
    driver.approveAndNotify(finished);
    driver.optOutWindowPasses(finished);
    assertThat(claims.get(finishedId).status()).isEqualTo(ClaimStatus.OFFICIAL);

    // The history of a finished claim is due for removal 180 days after its end; a running
    // claim's has no removal time yet.
    HistoricProcessInstance ended = historicInstance(finished.getId());
    assertThat(ended.getRemovalTime())
        .isEqualTo(
            Date.from(
                ended
                    .getEndTime()
                    .toInstant()
                    .atZone(ZoneId.systemDefault())
                    .plusDays(180)
                    .toInstant()));
    assertThat(historicInstance(running.getId()).getRemovalTime()).isNull();
    long runningRows = historyRows(running.getId());
    long finishedRows = historyRows(finished.getId());
    assertThat(finishedRows).isGreaterThan(runningRows);
    int events = claimHistory.of(finishedId).size();
    long stages = stagesOf(finishedId);
    assertThat(stages).isPositive();

    // The 180 days have passed for this claim (others in the database keep theirs).
    removalTimeIsYesterday(finished.getId());
    cleanUpHistory();

    assertThat(historyRows(finished.getId())).isZero();
    assertThat(
            engine
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processInstanceId(finished.getId())
                .count())
        .isZero();
    // Nothing else went: the running claim's history, and both claims in the application's tables.
    assertThat(historyRows(running.getId())).isEqualTo(runningRows);
    assertThat(driver.openTask(running)).isNotNull();
    assertThat(claims.get(finishedId).status()).isEqualTo(ClaimStatus.OFFICIAL);
    assertThat(claimHistory.of(finishedId)).hasSize(events);
    assertThat(stagesOf(finishedId)).isEqualTo(stages);
    assertThat(claims.get(runningId).status()).isEqualTo(ClaimStatus.UNDER_REVIEW);
  }

  private String submit(Http partner) {
    Http.Answer answer =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  private HistoricProcessInstance historicInstance(String processInstanceId) {
    return engine
        .getHistoryService()
        .createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId)
        .singleResult();
  }

  /** Sets the removal time with the engine's own batch operation and runs its jobs. */
  private void removalTimeIsYesterday(String processInstanceId) {
    Batch batch =
        engine
            .getHistoryService()
            .setRemovalTimeToHistoricProcessInstances()
            .absoluteRemovalTime(Date.from(Instant.now().minus(1, ChronoUnit.DAYS)))
            .byIds(processInstanceId)
            .hierarchical()
            .executeAsync();
    ManagementService management = engine.getManagementService();
    for (String definition :
        List.of(
            batch.getSeedJobDefinitionId(),
            batch.getBatchJobDefinitionId(),
            batch.getMonitorJobDefinitionId())) {
      for (Job job : management.createJobQuery().jobDefinitionId(definition).list()) {
        management.executeJob(job.getId());
      }
    }
  }

  /** What the job executor does at night: the engine's history cleanup job(s), run once each. */
  private void cleanUpHistory() {
    HistoryService history = engine.getHistoryService();
    history.cleanUpHistoryAsync(true);
    List<Job> jobs = history.findHistoryCleanupJobs();
    assertThat(jobs).isNotEmpty();
    jobs.forEach(job -> engine.getManagementService().executeJob(job.getId()));
  }

  private long historyRows(String rootProcessInstanceId) {
    long rows = 0;
    for (String table : HISTORY_TABLES) {
      rows +=
          jdbc.sql("select count(*) from " + table + " where root_proc_inst_id_ = ?")
              .param(rootProcessInstanceId)
              .query(Long.class)
              .single();
    }
    return rows;
  }

  private long stagesOf(String claimId) {
    return jdbc.sql("select count(*) from claim_stage where claim_id = ?")
        .param(claimId)
        .query(Long.class)
        .single();
  }
}
