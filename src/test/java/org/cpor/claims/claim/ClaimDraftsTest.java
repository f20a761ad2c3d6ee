package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.ClaimFixtures.Tenant;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Drafts: saved without a process ({@code POST /api/claims?draft=true}), completed with {@code
 * PATCH}, submitted with {@code POST /api/claims/{id}/submit}, deleted after 30 days unchanged.
 */
@CporSpringTest
class ClaimDraftsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;
  @Autowired DraftCleanup cleanup;

  private ClaimDriver driver;
  private Http partner;
  private Tenant tenant;

  @BeforeEach
  void setUp() {
    driver = ClaimDriver.on(engine);
    partner = TestUsers.newPartnerApi(identityService, port);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @Test
  void aDraftStartsNoProcessSendsNoMailAndIsVisibleToItsPartnerOnly() {
    Http.Answer saved = partner.postJson("/api/claims?draft=true", unfinishedClaim());

    assertThat(saved.status()).isEqualTo(201);
    String id = saved.json().get("id").asText();
    assertThat(saved.header("Location")).isEqualTo("/api/claims/" + id);
    assertThat(saved.json().get("status").asText()).isEqualTo("DRAFT");
    assertThat(driver.instanceOf(id)).isNull();
    // Not even started and ended at once: the engine's history knows no process of this claim.
    assertThat(
            engine
                .getHistoryService()
                .createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(id)
                .count())
        .isZero();
    assertThat(smtp.getReceivedMessages()).isEmpty();
    assertThat(ClaimCorrectionsTest.types(saved.json())).containsExactly("DRAFT_SAVED");

    assertThat(partner.get("/api/claims/" + id).json().get("status").asText()).isEqualTo("DRAFT");
    JsonNode drafts = partner.get("/api/claims?status=DRAFT").json().get("content");
    assertThat(drafts.findValuesAsText("id")).containsExactly(id);
    assertThat(TestUsers.newPartnerApi(identityService, port).get("/api/claims/" + id).status())
        .isEqualTo(404);
    Http.Answer withdrawn = partner.postJson("/api/claims/" + id + "/withdraw", Map.of());
    assertThat(withdrawn.status()).isEqualTo(409);
    assertThat(withdrawn.json().get("detail").asText()).contains("is a draft");
  }

  @Test
  void aDraftMayBeIncompleteButNotMalformed() {
    Map<String, Object> draft = unfinishedClaim();
    draft.put("customerContactEmail", "chris-at-contoso");
    draft.put("customerTenantId", "not-a-guid");

    Http.Answer refused = partner.postJson("/api/claims?draft=true", draft);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.problemFields()).containsExactly("customerTenantId", "customerContactEmail");
    assertThat(partner.postJson("/api/claims?draft=maybe", unfinishedClaim()).problemFields())
        .containsExactly("draft");
    Map<String, Object> twice = unfinishedClaim();
    twice.put("workloads", List.of("Teams", "Teams"));
    assertThat(partner.postJson("/api/claims?draft=true", twice).status()).isEqualTo(201);
  }

  @Test
  void submittingACompletedDraftRunsTheNormalPathUnderTheSameId() {
    String id =
        partner.postJson("/api/claims?draft=true", unfinishedClaim()).json().get("id").asText();

    Http.Answer incomplete = partner.postJson("/api/claims/" + id + "/submit", Map.of());
    assertThat(incomplete.status()).isEqualTo(400);
    assertThat(incomplete.problemFields())
        .containsExactly("customerContactName", "customerContactEmail", "proofOfExecution");
    assertThat(driver.instanceOf(id)).isNull();

    Map<String, Object> full = ClaimFixtures.apiClaim(tenant);
    Http.Answer completed =
        patch(
            id,
            Map.of(
                "customerContactName", full.get("customerContactName"),
                "customerContactEmail", full.get("customerContactEmail"),
                "proofOfExecution", full.get("proofOfExecution")));
    assertThat(completed.status()).isEqualTo(200);
    assertThat(completed.json().get("status").asText()).isEqualTo("DRAFT");
    assertThat(ClaimCorrectionsTest.details(completed.json(), "CORRECTED"))
        .contains("customerContactName: (empty) → \"Chris Customer\"");
    assertThat(smtp.getReceivedMessages()).isEmpty();

    Http.Answer submitted = partner.postJson("/api/claims/" + id + "/submit", Map.of());
    assertThat(submitted.status()).isEqualTo(200);
    assertThat(submitted.json().get("id").asText()).isEqualTo(id);
    assertThat(submitted.json().get("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(ClaimCorrectionsTest.types(submitted.json()))
        .containsSubsequence(
            "DRAFT_SAVED", "CORRECTED", "SUBMITTED", "CHECKS_PASSED", "REVIEW_STARTED");
    assertThat(partner.postJson("/api/claims/" + id + "/submit", Map.of()).status()).isEqualTo(409);

    ProcessInstance instance = driver.instanceOf(id);
    assertThat(instance).isNotNull();
    driver.approveAndNotify(instance);
    assertThat(Mails.optOutPath(smtp.getReceivedMessages(), id)).startsWith("/opt-out/");
    assertThat(partner.get("/api/claims/" + id).json().get("status").asText())
        .isEqualTo("APPROVED");
  }

  @Test
  void aSubmittedDraftPassesTheChecksLikeAnyClaim() {
    Map<String, Object> draft = ClaimFixtures.apiClaim(tenant);
    draft.put("customerDomain", ClaimFixtures.registerTenant(jdbc).domain());
    String id = partner.postJson("/api/claims?draft=true", draft).json().get("id").asText();

    Http.Answer refused = partner.postJson("/api/claims/" + id + "/submit", Map.of());

    assertThat(refused.status()).isEqualTo(422);
    assertThat(driver.instanceOf(id)).isNull();
    assertThat(partner.get("/api/claims/" + id).json().get("status").asText()).isEqualTo("DRAFT");
  }

  @Test
  void draftsUnchangedFor30DaysAreDeletedOnceADay() {
    String old =
        partner.postJson("/api/claims?draft=true", unfinishedClaim()).json().get("id").asText();
    String submitted =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    String recent;
    Date now = Date.from(EngineClock.now());
    try {
      ClockUtil.setCurrentTime(Date.from(now.toInstant().plus(Duration.ofDays(29))));
      recent =
          partner.postJson("/api/claims?draft=true", unfinishedClaim()).json().get("id").asText();
      ClockUtil.setCurrentTime(Date.from(now.toInstant().plus(Duration.ofDays(30).plusMinutes(1))));

      assertThat(cleanup.deleteStaleDrafts()).isGreaterThanOrEqualTo(1);
      assertThat(cleanup.deleteStaleDrafts()).isZero();
    } finally {
      ClockUtil.reset();
    }
    assertThat(partner.get("/api/claims/" + old).status()).isEqualTo(404);
    assertThat(partner.get("/api/claims/" + recent).json().get("status").asText())
        .isEqualTo("DRAFT");
    assertThat(partner.get("/api/claims/" + submitted).json().get("status").asText())
        .isEqualTo("UNDER_REVIEW");
  }

  /** A claim still missing its customer contact and proof of execution. */
  private Map<String, Object> unfinishedClaim() {
    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    for (String field :
        List.of("customerContactName", "customerContactEmail", "proofOfExecution")) {
      claim.remove(field);
    }
    return claim;
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
}
