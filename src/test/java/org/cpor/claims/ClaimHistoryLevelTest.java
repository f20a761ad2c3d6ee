package org.cpor.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricJobLog;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.process.ClaimProcess;
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
 * History level {@code cpor} (the default): a claim's whole life writes at most 12 history rows,
 * and what users read of the history is still there — the audit trail of who did what, the review
 * task for the validators' Tasklist, where claims wait (the analysts' "waiting now"), the end the
 * claim reached, and every failed run of a step.
 */
@CporSpringTest
class ClaimHistoryLevelTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired HistoryService historyService;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;
  @Autowired ClaimHistory claimHistory;

  @Test
  void aClaimFromSubmissionToOfficialWritesAtMost12HistoryRowsAndKeepsTheAuditTrail() {
    assertThat(
            ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getHistoryLevel()
                .getName())
        .isEqualTo("cpor");

    String partnerId = ClaimFixtures.newPartnerId();
    ProcessInstance instance = submittedBy(partnerId);
    ClaimDriver driver = ClaimDriver.on(engine);
    assertThat(waitingAt(instance))
        .as("the analysts' waiting claims: unfinished activity instances")
        .containsExactly(ClaimProcess.Elements.TASK_VALIDATE_CLAIM);

    String validator = TestUsers.validator(identityService);
    String task = driver.openTask(instance).getId();
    Http.Answer completed =
        Http.to(port)
            .as(validator, TestUsers.PASSWORD)
            .postJson(
                "/engine-rest/task/" + task + "/complete",
                Map.of(
                    "variables", Map.of("decision", Map.of("value", "APPROVE", "type", "String"))));
    assertThat(completed.status()).as(completed.body()).isEqualTo(204);
    driver.run(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance);
    assertThat(waitingAt(instance)).containsExactly(ClaimProcess.Elements.GATEWAY_AWAIT_CUSTOMER);
    driver.optOutWindowPasses(instance);
    assertThat(waitingAt(instance)).as("an official claim waits nowhere").isEmpty();
    assertThat(
            historyService
                .createHistoricProcessInstanceQuery()
                .processInstanceId(instance.getId())
                .singleResult()
                .getEndActivityId())
        .isEqualTo(ClaimProcess.Elements.END_ASSOCIATION_OFFICIAL);

    Map<String, Long> rows = rowsOf(instance.getId());
    assertThat(rows.values().stream().mapToLong(Long::longValue).sum())
        .as("history rows of one claim, per table: %s", rows)
        .isLessThanOrEqualTo(12);
    assertThat(rows.get("act_hi_identitylink")).isZero();
    assertThat(rows.get("act_hi_detail"))
        .as("the values as first written: ACT_HI_VARINST")
        .isZero();

    // Who did what: the partner started the claim, the validator completed the review.
    assertThat(
            historyService.createUserOperationLogQuery().processInstanceId(instance.getId()).list())
        .extracting(UserOperationLogEntry::getUserId, UserOperationLogEntry::getOperationType)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "partner-user-" + partnerId, UserOperationLogEntry.OPERATION_TYPE_CREATE),
            org.assertj.core.groups.Tuple.tuple(
                validator, UserOperationLogEntry.OPERATION_TYPE_COMPLETE));
    // The review task stays in the history (Tasklist and TaskVisibility read it), the decision too.
    assertThat(historyService.createHistoricTaskInstanceQuery().taskId(task).singleResult())
        .extracting(t -> t.getTaskDefinitionKey(), t -> t.getEndTime() != null)
        .containsExactly(ClaimProcess.Elements.TASK_VALIDATE_CLAIM, true);
    assertThat(
            historyService
                .createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId())
                .variableName(ClaimProcess.Variables.DECISION)
                .singleResult()
                .getValue())
        .isEqualTo("APPROVE");
    // Variables the claim's tables hold leave no history: the claim ID is the business key.
    assertThat(
            historyService
                .createHistoricVariableInstanceQuery()
                .processInstanceId(instance.getId())
                .list())
        .extracting(HistoricVariableInstance::getName)
        .contains(ClaimProcess.Variables.PARTNER_ID, ClaimProcess.Variables.DECISION)
        .doesNotContain(
            ClaimProcess.Variables.CLAIM_ID,
            ClaimProcess.Variables.COMMENT_HISTORY,
            ClaimProcess.Variables.CHECKS_PASSED,
            ClaimProcess.Variables.OPT_OUT_DEADLINE);
    assertThat(
            historyService
                .createHistoricProcessInstanceQuery()
                .processInstanceId(instance.getId())
                .singleResult()
                .getBusinessKey())
        .isEqualTo(instance.getBusinessKey());
    // Where the claim waited, and nothing else: steps, gateways and end events take
    // milliseconds; the claim's history says what they did, the process instance which end it
    // reached (above).
    assertThat(
            historyService
                .createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId())
                .finished()
                .list())
        .extracting(HistoricActivityInstance::getActivityId)
        .containsExactlyInAnyOrder(
            ClaimProcess.Elements.TASK_VALIDATE_CLAIM,
            ClaimProcess.Elements.GATEWAY_AWAIT_CUSTOMER,
            ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED);
    assertThat(
            historyService
                .createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId())
                .activityId(ClaimProcess.Elements.TASK_VALIDATE_CLAIM)
                .singleResult())
        .extracting(HistoricActivityInstance::getTaskId, t -> t.getEndTime() != null)
        .containsExactly(task, true);
    assertThat(
            claimHistory.of(instance.getBusinessKey()).stream().map(event -> event.type()).toList())
        .as("what the steps did, in the claim's history")
        .contains(
            ClaimEventType.SUBMITTED,
            ClaimEventType.CHECKS_PASSED,
            ClaimEventType.APPROVED_BY_VALIDATOR,
            ClaimEventType.CUSTOMER_NOTIFIED,
            ClaimEventType.OFFICIAL);
    // A step that ran writes no job log row; the review deadline's timer, deleted when the review
    // ended, does.
    assertThat(
            historyService.createHistoricJobLogQuery().processInstanceId(instance.getId()).list())
        .extracting(HistoricJobLog::getActivityId, HistoricJobLog::isDeletionLog)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ClaimProcess.Elements.TIMER_REVIEW_OVERDUE, true));
  }

  @Test
  void aStepThatFailedKeepsItsFailureInTheJobLog() {
    ProcessInstance instance = submittedBy(ClaimFixtures.newPartnerId());
    ClaimDriver driver = ClaimDriver.on(engine);
    driver.decide(instance, Map.of(ClaimProcess.Variables.DECISION, "APPROVE"));

    smtp.stop();
    try {
      // The customer's mail cannot be sent while SMTP is down: the step fails and is retried.
      assertThatThrownBy(() -> driver.run(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance))
          .isInstanceOf(RuntimeException.class);
    } finally {
      smtp.start();
    }
    driver.run(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance);

    assertThat(
            historyService
                .createHistoricJobLogQuery()
                .processInstanceId(instance.getId())
                .activityIdIn(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER)
                .list())
        .as("the failed run, with its exception; the run that succeeded writes no row")
        .singleElement()
        .satisfies(
            log -> {
              assertThat(log.isFailureLog()).isTrue();
              assertThat(log.getJobExceptionMessage()).isNotBlank();
              assertThat(historyService.getHistoricJobLogExceptionStacktrace(log.getId()))
                  .isNotBlank();
            });
    assertThat(waitingAt(instance)).containsExactly(ClaimProcess.Elements.GATEWAY_AWAIT_CUSTOMER);
  }

  /** Where the claim waits now, as the analysts' "waiting now" reads it. */
  private List<String> waitingAt(ProcessInstance instance) {
    return historyService
        .createHistoricActivityInstanceQuery()
        .processInstanceId(instance.getId())
        .unfinished()
        .list()
        .stream()
        .map(HistoricActivityInstance::getActivityId)
        .toList();
  }

  /** A claim submitted over the partner API by a user of this partner; its process instance. */
  private ProcessInstance submittedBy(String partnerId) {
    Http partner = TestUsers.partnerApi(identityService, port, partnerId);
    Http.Answer submitted =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    return ClaimDriver.on(engine).instanceOf(submitted.json().get("id").asText());
  }

  private Map<String, Long> rowsOf(String processInstanceId) {
    // Every history table carries the root process instance (removal-time-based cleanup).
    java.util.List<String> tables =
        java.util.List.of(
            "act_hi_procinst",
            "act_hi_actinst",
            "act_hi_taskinst",
            "act_hi_varinst",
            "act_hi_detail",
            "act_hi_job_log",
            "act_hi_identitylink",
            "act_hi_op_log",
            "act_hi_comment",
            "act_hi_incident");
    Map<String, Long> rows = new LinkedHashMap<>();
    tables.forEach(
        table ->
            rows.put(
                table,
                jdbc.sql("select count(*) from " + table + " where root_proc_inst_id_ = ?")
                    .param(processInstanceId)
                    .query(Long.class)
                    .single()));
    return rows;
  }
}
