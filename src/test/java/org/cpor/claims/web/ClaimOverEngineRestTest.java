package org.cpor.claims.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.claim.ClaimEvent;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.ClaimFixtures.Tenant;
import org.cpor.claims.support.TestSmtp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

/**
 * A partner's claim travels end to end over Camunda's engine REST API on a real server, with the
 * job executor running: start, the validator's decision, the customer notification, the opt-out
 * timer made due, and the association official in the application's tables and in the engine's
 * history.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "camunda.bpm.job-execution.enabled=true",
      "camunda.bpm.job-execution.wait-time-in-millis=200",
      "camunda.bpm.job-execution.max-wait=500"
    })
// Engine REST and the webapps find the engine by its name, "default": this context must not outlive
// its tests, or the next web test's requests would reach a stale engine.
@DirtiesContext
@ActiveProfiles("test")
class ClaimOverEngineRestTest {

  private static final ParameterizedTypeReference<Map<String, Object>> JSON =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
      new ParameterizedTypeReference<>() {};
  private static final DateTimeFormatter ENGINE_REST_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired HistoryService historyService;
  @Autowired ClaimRepository claims;
  @Autowired ClaimHistory history;
  @Autowired AssociationRegister associations;

  private RestClient rest;
  private String partnerId;
  private Tenant tenant;

  @BeforeEach
  void setUp() {
    rest =
        RestClient.builder()
            .baseUrl("http://localhost:" + port + "/engine-rest")
            .defaultHeaders(headers -> headers.setBasicAuth("admin", "admin-test-password"))
            .build();
    partnerId = ClaimFixtures.newPartnerId();
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @Test
  void claimStartedOverRestBecomesOfficialOnceTheOptOutTimerFires() {
    Map<String, Object> started =
        rest.post()
            .uri("/process-definition/key/{key}/start", ClaimProcess.PROCESS_KEY)
            .contentType(MediaType.APPLICATION_JSON)
            .body(
                Map.of(
                    "variables",
                    ClaimFixtures.engineRestVariables(ClaimFixtures.claim(partnerId, tenant))))
            .retrieve()
            .body(JSON);
    String claimId = (String) started.get("businessKey");
    String instanceId = (String) started.get("id");
    assertThat(claimId).startsWith("CPOR-");

    Map<String, Object> task =
        single(
            rest.get()
                .uri("/task?processInstanceId={id}&maxResults=10", instanceId)
                .retrieve()
                .body(JSON_LIST));
    assertThat(task).containsEntry("taskDefinitionKey", ClaimProcess.Elements.TASK_VALIDATE_CLAIM);
    assertThat((Map<String, Object>) task.get("camundaFormRef"))
        .containsEntry("key", "validate-claim");
    Map<String, Object> formVariables =
        rest.get().uri("/task/{id}/form-variables", task.get("id")).retrieve().body(JSON);
    assertThat(formVariables)
        .containsKeys("claimId", "partnerId", "customerDomain", "workloads", "checkFindings");

    rest.post()
        .uri("/task/{id}/complete", task.get("id"))
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("variables", ClaimFixtures.engineRestVariables(Map.of("decision", "APPROVE"))))
        .retrieve()
        .toBodilessEntity();

    // The job executor notifies the customer; then the opt-out timer waits five business days.
    Map<String, Object> timer =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    rest.get()
                        .uri("/job?processInstanceId={id}&timers=true&maxResults=10", instanceId)
                        .retrieve()
                        .body(JSON_LIST),
                jobs -> jobs.size() == 1)
            .get(0);
    assertThat(claims.get(claimId).status()).isEqualTo(ClaimStatus.APPROVED);
    assertThat(OffsetDateTime.parse((String) timer.get("dueDate"), ENGINE_REST_DATE).toInstant())
        .isEqualTo(claims.get(claimId).optOutDeadline())
        .isAfter(Instant.now().plus(Duration.ofDays(6)));

    // Make the opt-out deadline due now, as an operator (or the README's walkthrough) would.
    rest.put()
        .uri("/job/{id}/duedate", timer.get("id"))
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("duedate", ENGINE_REST_DATE.format(OffsetDateTime.now())))
        .retrieve()
        .toBodilessEntity();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> claims.get(claimId).status() == ClaimStatus.OFFICIAL);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                rest.get()
                        .uri(
                            "/history/process-instance?processInstanceId={id}&finished=true&maxResults=10",
                            instanceId)
                        .retrieve()
                        .body(JSON_LIST)
                        .size()
                    == 1);

    assertThat(associations.ofClaim(claimId))
        .extracting(Association::status)
        .containsOnly(AssociationStatus.OFFICIAL)
        .hasSize(2);
    assertThat(history.of(claimId))
        .extracting(ClaimEvent::type)
        .contains(ClaimEventType.CUSTOMER_NOTIFIED, ClaimEventType.OFFICIAL);
    Map<String, Object> finished =
        single(
            rest.get()
                .uri("/history/process-instance?processInstanceId={id}&maxResults=10", instanceId)
                .retrieve()
                .body(JSON_LIST));
    assertThat(finished).containsEntry("state", "COMPLETED").containsEntry("businessKey", claimId);
    // Which end it reached: the historic process instance says it (history level cpor writes no
    // activity instance of end events; engine REST's answer leaves the end activity out).
    assertThat(
            historyService
                .createHistoricProcessInstanceQuery()
                .processInstanceId(instanceId)
                .singleResult()
                .getEndActivityId())
        .isEqualTo(ClaimProcess.Elements.END_ASSOCIATION_OFFICIAL);
    assertThat(smtp.getReceivedMessages())
        .extracting(message -> message.getSubject())
        .contains("CPOR claim " + claimId + ": association official");
  }

  @Test
  void inputTheClaimCannotTakeIsAProblemDetailNotAServerError() {
    Map<String, Object> variables = ClaimFixtures.claim(partnerId, tenant);
    variables.put("customerContactEmail", "x".repeat(400));

    var response =
        rest.post()
            .uri("/process-definition/key/{key}/start", ClaimProcess.PROCESS_KEY)
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("variables", ClaimFixtures.engineRestVariables(variables)))
            .exchange(
                (request, answer) ->
                    Map.of(
                        "status", answer.getStatusCode(),
                        "type", String.valueOf(answer.getHeaders().getContentType()),
                        "body", answer.bodyTo(JSON)));

    assertThat(response.get("status")).isEqualTo(HttpStatusCode.valueOf(400));
    assertThat(response.get("type")).isEqualTo("application/problem+json");
    assertThat((Map<String, Object>) response.get("body"))
        .containsEntry("field", "customerContactEmail")
        .containsEntry("rule", "must be at most 320 characters");
    assertThat(
            jdbc.sql("select count(*) from claim where partner_id = ?")
                .param(partnerId)
                .query(Integer.class)
                .single())
        .isZero();
  }

  @Test
  void anIncompleteDecisionOverRestIsAProblemDetailAndTheTaskStaysOpen() {
    Map<String, Object> started =
        rest.post()
            .uri("/process-definition/key/{key}/start", ClaimProcess.PROCESS_KEY)
            .contentType(MediaType.APPLICATION_JSON)
            .body(
                Map.of(
                    "variables",
                    ClaimFixtures.engineRestVariables(ClaimFixtures.claim(partnerId, tenant))))
            .retrieve()
            .body(JSON);
    Map<String, Object> task =
        single(
            rest.get()
                .uri("/task?processInstanceId={id}&maxResults=10", started.get("id"))
                .retrieve()
                .body(JSON_LIST));

    var status =
        rest.post()
            .uri("/task/{id}/complete", task.get("id"))
            .contentType(MediaType.APPLICATION_JSON)
            .body(
                Map.of(
                    "variables",
                    ClaimFixtures.engineRestVariables(
                        Map.of("decision", "REJECT", "decisionComment", "No."))))
            .exchange((request, answer) -> answer.getStatusCode());

    assertThat(status).isEqualTo(HttpStatusCode.valueOf(400));
    assertThat(
            rest.get()
                .uri("/task?processInstanceId={id}&maxResults=10", started.get("id"))
                .retrieve()
                .body(JSON_LIST))
        .hasSize(1);
  }

  private static Map<String, Object> single(List<Map<String, Object>> list) {
    assertThat(list).hasSize(1);
    return list.get(0);
  }
}
