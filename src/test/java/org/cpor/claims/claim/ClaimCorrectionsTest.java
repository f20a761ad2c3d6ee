package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpor.claims.process.ClaimProcess.Variables.COMMENT_HISTORY;
import static org.cpor.claims.process.ClaimProcess.Variables.CUSTOMER_CONTACT_EMAIL;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ClaimDriver;
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

/**
 * A partner corrects a claim before review ({@code PATCH /api/claims/{id}}): the checks run again,
 * the history keeps every value before and after, the request for more information is answered only
 * when the partner says so.
 */
@CporSpringTest
class ClaimCorrectionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  private ClaimDriver driver;
  private Http partner;
  private Tenant tenant;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    driver = ClaimDriver.on(engine);
    partner = TestUsers.newPartnerApi(identityService, port);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @Test
  void correctionWhileTheValidatorWaitsForInformationKeepsTheRequestOpen() {
    String id = submit();
    driver.askForInformation(driver.instanceOf(id));

    Http.Answer corrected =
        patch(
            id,
            Map.of(
                "customerContactEmail",
                "dana@" + tenant.domain(),
                "customerContactName",
                "Dana Customer",
                "workloads",
                List.of("teams")));

    assertThat(corrected.status()).isEqualTo(200);
    JsonNode claim = corrected.json();
    assertThat(claim.get("status").asText()).isEqualTo("PARTNER_ACTION_REQUIRED");
    assertThat(claim.get("customerContactEmail").asText()).isEqualTo("dana@" + tenant.domain());
    // The checks ran again: the workload in the catalogue's spelling.
    assertThat(claim.get("workloads").toString()).isEqualTo("[\"Teams\"]");
    assertThat(details(claim, "CORRECTED"))
        .containsExactly(
            "workloads: \"Teams, Exchange\" → \"Teams\"",
            "customerContactName: \"Chris Customer\" → \"Dana Customer\"",
            "customerContactEmail: \"chris@"
                + tenant.domain()
                + "\" → \"dana@"
                + tenant.domain()
                + "\"");
    assertThat(types(claim))
        .endsWith("CORRECTED", "CHECKS_PASSED")
        .doesNotContain("PARTNER_ANSWERED");
    ProcessInstance instance = driver.instanceOf(id);
    BpmnAwareTests.assertThat(instance)
        .isWaitingAt(ClaimProcess.Elements.GATEWAY_AWAIT_PARTNER_ANSWER);
    // The validator's form shows the comment history: it says what the partner corrected.
    assertThat((String) engine.getRuntimeService().getVariable(instance.getId(), COMMENT_HISTORY))
        .contains(
            "Corrected the claim: workloads \"Teams, Exchange\" → \"Teams\"; customerContactName"
                + " \"Chris Customer\" → \"Dana Customer\"");
  }

  @Test
  void correctionThatAnswersTheRequestSendsTheClaimBackToTheValidatorWithTheNewValues() {
    String id = submit();
    driver.askForInformation(driver.instanceOf(id));

    Http.Answer corrected =
        patch(
            id,
            Map.of(
                "customerContactEmail",
                "dana@" + tenant.domain(),
                "answersInformationRequest",
                true,
                "answer",
                "Corrected the customer's contact; the signed SOW is at the same link."));

    assertThat(corrected.status()).isEqualTo(200);
    assertThat(corrected.json().get("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(details(corrected.json(), "PARTNER_ANSWERED"))
        .containsExactly("Corrected the customer's contact; the signed SOW is at the same link.");
    ProcessInstance instance = driver.instanceOf(id);
    BpmnAwareTests.assertThat(instance).isWaitingAt(ClaimProcess.Elements.TASK_VALIDATE_CLAIM);
    // The new review's form reads the corrected claim.
    assertThat(
            engine
                .getTaskService()
                .getVariableLocal(driver.openTask(instance).getId(), CUSTOMER_CONTACT_EMAIL))
        .isEqualTo("dana@" + tenant.domain());
  }

  @Test
  void anAdditionalProofOfExecutionDocumentComesWithACorrection() {
    String id = submit();
    driver.askForInformation(driver.instanceOf(id));
    String before = partner.get("/api/claims/" + id).json().get("proofOfExecution").asText();

    Http.Answer corrected =
        partner.multipart(
            "PATCH",
            "/api/claims/" + id,
            Map.of(
                "correction",
                Map.of("comments", "Signed SOW attached."),
                "proofOfExecution",
                new Http.FilePart("signed-sow.pdf", "application/pdf", PartnerApiTest.PDF)),
            Map.of());

    assertThat(corrected.status()).isEqualTo(200);
    String link = corrected.json().get("proofOfExecution").asText();
    assertThat(link).startsWith("/api/claims/" + id + "/proof-of-execution?document=");
    assertThat(partner.get(link).raw().body()).isEqualTo(PartnerApiTest.PDF);
    assertThat(details(corrected.json(), "CORRECTED"))
        .contains("proofOfExecution: \"" + before + "\" → \"" + link + "\"");

    Http.Answer notADocument =
        partner.multipart(
            "PATCH",
            "/api/claims/" + id,
            Map.of(
                "proofOfExecution",
                new Http.FilePart("sow.pdf", "application/pdf", "just text".getBytes())),
            Map.of());
    assertThat(notADocument.status()).isEqualTo(400);
    assertThat(notADocument.problemFields()).containsExactly("proofOfExecution");
  }

  @Test
  void correctionThatBreaksTheChecksIsRefusedAndChangesNothing() {
    String id = submit();
    driver.askForInformation(driver.instanceOf(id));
    Tenant other = ClaimFixtures.registerTenant(jdbc);

    Http.Answer refused = patch(id, Map.of("customerDomain", other.domain()));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().get("detail").asText())
        .contains("customerDomain: must match the customer tenant");
    JsonNode claim = partner.get("/api/claims/" + id).json();
    assertThat(claim.get("customerDomain").asText()).isEqualTo(tenant.domain());
    assertThat(types(claim)).doesNotContain("CORRECTED");
  }

  /**
   * A claim waits in SUBMITTED only until its review task is created, which the submission does at
   * once; the claim is put back to SUBMITTED here to show a correction in that status.
   */
  @Test
  void correctionOfASubmittedClaimRunsTheChecksAgain() {
    String id = submit();
    jdbc.sql("update claim set status = 'SUBMITTED' where id = ?").param(id).update();
    Tenant other = ClaimFixtures.registerTenant(jdbc);

    assertThat(patch(id, Map.of("customerDomain", other.domain())).status()).isEqualTo(422);

    Http.Answer corrected = patch(id, Map.of("partnerContactName", "Pat Partner-Smith"));
    assertThat(corrected.status()).isEqualTo(200);
    assertThat(corrected.json().get("partnerContactName").asText()).isEqualTo("Pat Partner-Smith");
    assertThat(types(corrected.json())).endsWith("CORRECTED", "CHECKS_PASSED");
  }

  @Test
  void aClaimInReviewCannotBeCorrected() {
    String id = submit();

    Http.Answer refused = patch(id, Map.of("comments", "One more thing"));

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.json().get("detail").asText())
        .contains("UNDER_REVIEW")
        .contains("DRAFT, SUBMITTED, PARTNER_ACTION_REQUIRED");
    // Nor can a claim that is not waiting for information be answered.
    assertThat(patch(id, Map.of("answersInformationRequest", true, "comments", "x")).status())
        .isEqualTo(409);
  }

  @Test
  void badCorrectionsNameEachFieldAndRule() {
    String id = submit();
    driver.askForInformation(driver.instanceOf(id));

    Http.Answer unknown =
        patch(id, Map.of("activity", "PRE_SALES", "colour", "blue", "partnerId", "1234"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.problemFields())
        .containsExactlyInAnyOrder("activity", "colour", "partnerId");

    Http.Answer broken =
        patch(id, Map.of("customerContactEmail", "dana-at-contoso", "claimName", ""));
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.problemFields()).containsExactly("claimName", "customerContactEmail");

    Map<String, Object> emptied = new java.util.HashMap<>();
    emptied.put("partnerContactName", null);
    assertThat(patch(id, emptied).problemFields()).containsExactly("partnerContactName");

    assertThat(
            partner
                .send("PATCH", "/api/claims/" + id, "application/json", "[1]", Map.of())
                .status())
        .isEqualTo(400);
    assertThat(
            TestUsers.newPartnerApi(identityService, port)
                .send(
                    "PATCH",
                    "/api/claims/" + id,
                    "application/json",
                    "{\"comments\":\"x\"}",
                    Map.of())
                .status())
        .isEqualTo(404);
  }

  private String submit() {
    Http.Answer submitted = partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant));
    assertThat(submitted.status()).isEqualTo(201);
    return submitted.json().get("id").asText();
  }

  private Http.Answer patch(String id, Map<String, ?> correction) {
    try {
      return partner.send(
          "PATCH",
          "/api/claims/" + id,
          "application/merge-patch+json",
          JSON.writeValueAsString(correction),
          Map.of());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> types(JsonNode claim) {
    List<String> types = new ArrayList<>();
    claim.get("history").forEach(entry -> types.add(entry.get("type").asText()));
    return types;
  }

  static List<String> details(JsonNode claim, String type) {
    List<String> details = new ArrayList<>();
    claim
        .get("history")
        .forEach(
            entry -> {
              if (entry.get("type").asText().equals(type)) {
                details.add(entry.get("detail").asText());
              }
            });
    return details;
  }
}
