package org.cpor.claims.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.ClaimFixtures.Tenant;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who may do what over Camunda's engine REST API, with engine authorization on. */
@CporSpringTest
class EngineRestAuthorizationTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired HistoryService historyService;
  @Autowired ClaimRepository claims;
  @Autowired JdbcClient jdbc;

  private String partnerId;
  private Http partner;
  private Http otherPartner;
  private Tenant tenant;

  @BeforeEach
  void setUp() {
    partnerId = ClaimFixtures.newPartnerId();
    partner = TestUsers.partnerApi(identityService, port, partnerId);
    otherPartner = TestUsers.newPartnerApi(identityService, port);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @Test
  void engineRestNeedsALogin() {
    assertThat(Http.to(port).get("/engine-rest/process-instance?maxResults=10").status())
        .isEqualTo(401);
  }

  @Test
  void partnerStartsOverEngineRestAndReadsOnlyItsOwnInstances() {
    JsonNode started = start(partner, ClaimFixtures.claim(partnerId, tenant));
    String instanceId = started.get("id").asText();
    String claimId = started.get("businessKey").asText();

    assertThat(
            partner
                .get("/engine-rest/process-instance?maxResults=50")
                .json()
                .findValuesAsText("id"))
        .containsExactly(instanceId);
    assertThat(
            otherPartner
                .get("/engine-rest/process-instance?businessKey=" + claimId + "&maxResults=50")
                .json())
        .isEmpty();
    assertThat(otherPartner.get("/engine-rest/process-instance/" + instanceId).status())
        .isIn(403, 404);
    assertThat(
            otherPartner.get("/engine-rest/process-instance/" + instanceId + "/variables").status())
        .isEqualTo(403);
    assertThat(
            otherPartner
                .get("/engine-rest/task?processInstanceId=" + instanceId + "&maxResults=10")
                .status())
        .isEqualTo(403);
    assertThat(
            otherPartner
                .get(
                    "/engine-rest/history/process-instance?processInstanceId="
                        + instanceId
                        + "&maxResults=10")
                .status())
        .isEqualTo(403);
    // Nor the variables of its own instance: the review task's findings may name competing
    // partners. The partner API shows the partner its claim.
    Http.Answer variables =
        partner.get(
            "/engine-rest/variable-instance?processInstanceIdIn=" + instanceId + "&maxResults=500");
    assertThat(variables.status()).isEqualTo(403);
    assertThat(variables.header("Content-Type")).startsWith("application/problem+json");
    assertThat(variables.json().get("rule").asText()).isEqualTo("partners-engine-rest");
    assertThat(partner.get("/engine-rest/process-instance/" + instanceId + "/variables").status())
        .isEqualTo(403);
    assertThat(partner.get("/api/claims/" + claimId).json().get("partnerId").asText())
        .isEqualTo(partnerId);
  }

  @Test
  void enginePermissionsAloneKeepTheFindingsFromThePartner() {
    Tenant contested = tenant;
    String competitorId = ClaimFixtures.newPartnerId();
    TestUsers.partner(identityService, competitorId);
    start(
        Http.to(port).as("partner-user-" + competitorId, TestUsers.PASSWORD),
        ClaimFixtures.claim(competitorId, contested));
    String instanceId =
        start(partner, ClaimFixtures.claim(partnerId, contested)).get("id").asText();
    String taskId =
        taskService.createTaskQuery().processInstanceId(instanceId).singleResult().getId();
    assertThat((String) taskService.getVariableLocal(taskId, "checkFindings"))
        .contains("partner " + competitorId);

    // The engine itself, behind the engine REST gate: the partner may read its instance, not its
    // variables.
    identityService.setAuthentication(
        "partner-user-" + partnerId, List.of(Roles.PARTNERS, Roles.partnerGroup(partnerId)));
    try {
      assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(instanceId).count())
          .isEqualTo(1);
      assertThat(
              runtimeService
                  .createVariableInstanceQuery()
                  .processInstanceIdIn(instanceId)
                  .listPage(0, 500))
          .isEmpty();
      assertThat(
              historyService
                  .createHistoricVariableInstanceQuery()
                  .processInstanceId(instanceId)
                  .listPage(0, 500))
          .isEmpty();
      assertThat(
              historyService
                  .createHistoricDetailQuery()
                  .processInstanceId(instanceId)
                  .listPage(0, 500))
          .isEmpty();
    } finally {
      identityService.clearAuthentication();
    }
  }

  @Test
  void partnerCannotStartAClaimForAnotherPartner() {
    Http.Answer refused =
        partner.postJson(
            "/engine-rest/process-definition/key/cpor-claim/start",
            Map.of(
                "variables",
                ClaimFixtures.engineRestVariables(
                    ClaimFixtures.claim(ClaimFixtures.newPartnerId(), tenant))));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("field").asText()).isEqualTo("partnerId");
    assertThat(
            jdbc.sql("select count(*) from claim where customer_tenant_id = ?")
                .param(tenant.id())
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void partnerCannotCorrelateCompleteOrChangeAnotherPartnersClaim() {
    JsonNode started = start(partner, ClaimFixtures.claim(partnerId, tenant));
    String claimId = started.get("businessKey").asText();
    String instanceId = started.get("id").asText();
    String taskId =
        taskService.createTaskQuery().processInstanceId(instanceId).singleResult().getId();

    assertThat(
            otherPartner
                .postJson(
                    "/engine-rest/message",
                    Map.of(
                        "messageName",
                        "ClaimWithdrawn",
                        "businessKey",
                        claimId,
                        "processVariables",
                        ClaimFixtures.engineRestVariables(
                            Map.of("rejectionReason", "PARTNER_REQUEST"))))
                .status())
        .isBetween(400, 499);
    assertThat(
            otherPartner
                .postJson(
                    "/engine-rest/task/" + taskId + "/complete",
                    Map.of(
                        "variables",
                        ClaimFixtures.engineRestVariables(Map.of("decision", "APPROVE"))))
                .status())
        .isIn(403, 404);
    assertThat(
            otherPartner
                .putJson(
                    "/engine-rest/process-instance/" + instanceId + "/variables/decision",
                    Map.of("value", "APPROVE", "type", "String"))
                .status())
        .isIn(403, 404);
    assertThat(otherPartner.delete("/engine-rest/process-instance/" + instanceId).status())
        .isIn(403, 404);
    // Nor its own: partners change claims through the partner API only.
    assertThat(
            partner
                .postJson(
                    "/engine-rest/task/" + taskId + "/complete",
                    Map.of(
                        "variables",
                        ClaimFixtures.engineRestVariables(Map.of("decision", "APPROVE"))))
                .status())
        .isIn(403, 404);

    assertThat(claims.get(claimId).status()).isEqualTo(ClaimStatus.UNDER_REVIEW);
    assertThat(taskService.createTaskQuery().processInstanceId(instanceId).count()).isEqualTo(1);
  }

  @Test
  void analystReadsEverythingAndChangesNothing() {
    String instanceId =
        runtimeService
            .startProcessInstanceByKey(
                ClaimProcess.PROCESS_KEY, ClaimFixtures.claim(partnerId, tenant))
            .getId();
    Http analyst = Http.to(port).as(TestUsers.analyst(identityService), TestUsers.PASSWORD);

    assertThat(analyst.get("/engine-rest/process-instance/" + instanceId).status()).isEqualTo(200);
    assertThat(
            analyst
                .get(
                    "/engine-rest/history/process-instance?processInstanceId="
                        + instanceId
                        + "&maxResults=10")
                .json())
        .hasSize(1);
    assertThat(analyst.delete("/engine-rest/process-instance/" + instanceId).status())
        .isEqualTo(403);
    assertThat(
            analyst
                .putJson(
                    "/engine-rest/process-instance/" + instanceId + "/variables/decision",
                    Map.of("value", "APPROVE", "type", "String"))
                .status())
        .isEqualTo(403);
    assertThat(
            analyst
                .postJson(
                    "/engine-rest/process-instance/" + instanceId + "/modification",
                    Map.of(
                        "instructions",
                        List.of(
                            Map.of(
                                "type",
                                "startBeforeActivity",
                                "activityId",
                                ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER))))
                .status())
        .isEqualTo(403);
    assertThat(
            analyst
                .putJson(
                    "/engine-rest/process-instance/" + instanceId + "/suspended",
                    Map.of("suspended", true))
                .status())
        .isEqualTo(403);
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processInstanceId(instanceId)
                .active()
                .count())
        .isEqualTo(1);
  }

  @Test
  void onlyTheAdminMayDeploy() {
    Http validator = Http.to(port).as(TestUsers.validator(identityService), TestUsers.PASSWORD);
    Http analyst = Http.to(port).as(TestUsers.analyst(identityService), TestUsers.PASSWORD);
    String bpmn =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
          <process id="sneaky" isExecutable="true"><startEvent id="s"/></process></definitions>""";

    for (Http caller : new Http[] {validator, analyst, partner}) {
      assertThat(deploy(caller, bpmn).status()).isEqualTo(403);
    }
    assertThat(deploy(Http.to(port).as("admin", "admin-test-password"), bpmn).status())
        .isEqualTo(200);
  }

  @Test
  void validatorWorksTheTasksOfItsGroup() {
    String instanceId =
        runtimeService
            .startProcessInstanceByKey(
                ClaimProcess.PROCESS_KEY, ClaimFixtures.claim(partnerId, tenant))
            .getId();
    Http validator = Http.to(port).as(TestUsers.validator(identityService), TestUsers.PASSWORD);
    String taskId =
        taskService.createTaskQuery().processInstanceId(instanceId).singleResult().getId();

    assertThat(
            validator
                .get("/engine-rest/task?processInstanceId=" + instanceId + "&maxResults=10")
                .json())
        .hasSize(1);
    assertThat(
            validator
                .get("/engine-rest/task/" + taskId + "/form-variables")
                .json()
                .has("checkFindings"))
        .isTrue();
    assertThat(
            validator
                .postJson(
                    "/engine-rest/task/" + taskId + "/complete",
                    Map.of(
                        "variables",
                        ClaimFixtures.engineRestVariables(Map.of("decision", "APPROVE"))))
                .status())
        .isEqualTo(204);
    assertThat(validator.delete("/engine-rest/process-instance/" + instanceId).status())
        .isEqualTo(403);
  }

  @Test
  void theValidatorWhoRejectedAClaimCannotDecideItsDispute() throws Exception {
    String claimId =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    String instanceId =
        runtimeService
            .createProcessInstanceQuery()
            .processInstanceBusinessKey(claimId)
            .singleResult()
            .getId();
    String validatorUser = TestUsers.validator(identityService);
    Http validator = Http.to(port).as(validatorUser, TestUsers.PASSWORD);
    Http validator2 =
        Http.to(port).as(TestUsers.otherValidator(identityService), TestUsers.PASSWORD);
    assertThat(
            validator
                .postJson(
                    "/engine-rest/task/" + taskOf(instanceId) + "/complete",
                    Map.of(
                        "variables",
                        ClaimFixtures.engineRestVariables(
                            Map.of(
                                "decision",
                                "REJECT",
                                "rejectionReason",
                                "INSUFFICIENT_PROOF_OF_EXECUTION",
                                "decisionComment",
                                "The SOW is not about Teams."))))
                .status())
        .isEqualTo(204);
    managementService.executeJob(
        managementService
            .createJobQuery()
            .processInstanceId(instanceId)
            .activityId(ClaimProcess.Elements.TASK_EMAIL_REJECTION)
            .singleResult()
            .getId());
    assertThat(
            partner
                .postJson(
                    "/api/claims/" + claimId + "/dispute", Map.of("reason", "It is, on page 2."))
                .status())
        .isEqualTo(200);
    String review = taskOf(instanceId);
    Map<String, Object> decision =
        Map.of(
            "variables",
            ClaimFixtures.engineRestVariables(
                Map.of(
                    "disputeDecision", "UPHOLD", "disputeComment", "Page 2 is about Exchange.")));

    Http.Answer refused = validator.postJson("/engine-rest/task/" + review + "/complete", decision);
    // Tasklist submits the form through the webapps' engine API: the same refusal, not a 500.
    var tasklist =
        EngineRestAccessMatrixTest.WebappSession.logIn(
            port, validatorUser, TestUsers.PASSWORD, "tasklist");
    Http.Answer inTasklist =
        tasklist.postJson(
            "/camunda/api/engine/engine/default/task/" + review + "/submit-form",
            new ObjectMapper().writeValueAsString(decision));
    assertThat(inTasklist.status()).as(inTasklist.body()).isEqualTo(403);
    assertThat(inTasklist.body()).contains("four eyes");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().get("field").asText()).isEqualTo("disputeDecision");
    assertThat(refused.json().get("detail").asText())
        .contains("you rejected " + claimId + " yourself", "four eyes");
    assertThat(taskService.createTaskQuery().taskId(review).count()).isOne();
    assertThat(claims.get(claimId).status()).isEqualTo(ClaimStatus.UNDER_REVIEW);

    assertThat(validator2.postJson("/engine-rest/task/" + review + "/complete", decision).status())
        .isEqualTo(204);
    assertThat(claims.get(claimId).status()).isEqualTo(ClaimStatus.REJECTED);
  }

  private String taskOf(String instanceId) {
    return taskService.createTaskQuery().processInstanceId(instanceId).singleResult().getId();
  }

  private Http.Answer deploy(Http caller, String bpmn) {
    String boundary = "deploy-boundary";
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nsneaky\r\n"
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"sneaky.bpmn\"; filename=\"sneaky.bpmn\"\r\n"
            + "Content-Type: application/xml\r\n\r\n"
            + bpmn
            + "\r\n--"
            + boundary
            + "--\r\n";
    return caller.send(
        "POST",
        "/engine-rest/deployment/create",
        "multipart/form-data; boundary=" + boundary,
        body,
        Map.of());
  }

  private JsonNode start(Http caller, Map<String, Object> variables) {
    Http.Answer started =
        caller.postJson(
            "/engine-rest/process-definition/key/cpor-claim/start",
            Map.of("variables", ClaimFixtures.engineRestVariables(variables)));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    return started.json();
  }
}
