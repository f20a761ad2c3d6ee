package org.cpor.claims;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.UserOperationLogEntry;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
 * History level {@code cpor} (the default): a claim's whole life writes at most 30 history rows,
 * and what users read of the history is still there — the audit trail of who did what, the review
 * task for the validators' Tasklist, the steps that ran and the end the claim reached.
 */
@CporSpringTest
class ClaimHistoryLevelTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired HistoryService historyService;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  @Test
  void aClaimFromSubmissionToOfficialWritesAtMost30HistoryRowsAndKeepsTheAuditTrail() {
    assertThat(
            ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
                .getHistoryLevel()
                .getName())
        .isEqualTo("cpor");

    String partnerId = ClaimFixtures.newPartnerId();
    Http partner = TestUsers.partnerApi(identityService, port, partnerId);
    Http.Answer submitted =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    ClaimDriver driver = ClaimDriver.on(engine);
    ProcessInstance instance = driver.instanceOf(submitted.json().get("id").asText());

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
    driver.optOutWindowPasses(instance);
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
        .isLessThanOrEqualTo(30);
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
    // The steps that ran and the end reached; the gateways between them are not recorded.
    assertThat(
            historyService
                .createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId())
                .list())
        .extracting(HistoricActivityInstance::getActivityId)
        .contains(
            ClaimProcess.Elements.TASK_REGISTER_CLAIM,
            ClaimProcess.Elements.TASK_VALIDATE_CLAIM,
            ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER,
            ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED,
            ClaimProcess.Elements.TASK_FINALIZE_ASSOCIATION,
            ClaimProcess.Elements.END_ASSOCIATION_OFFICIAL);
    assertThat(
            historyService
                .createHistoricActivityInstanceQuery()
                .processInstanceId(instance.getId())
                .activityType("exclusiveGateway")
                .count())
        .isZero();
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
