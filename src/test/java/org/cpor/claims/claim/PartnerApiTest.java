package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
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

/** The partner API over HTTP, as a partner's system uses it: submit, follow, answer, withdraw. */
@CporSpringTest
class PartnerApiTest {

  static final byte[] PDF =
      "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
          .getBytes(StandardCharsets.US_ASCII);

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired JdbcClient jdbc;

  private String partnerId;
  private Http partner;
  private Http otherPartner;
  private Tenant tenant;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    partnerId = ClaimFixtures.newPartnerId();
    partner = TestUsers.partnerApi(identityService, port, partnerId);
    otherPartner = TestUsers.newPartnerApi(identityService, port);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @Test
  void submittedClaimIsCreatedForTheLoggedInPartnerAndReadyForReview() {
    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    claim.put("partnerId", "9999999");

    Http.Answer answer = partner.postJson("/api/claims", claim);

    assertThat(answer.status()).isEqualTo(201);
    String id = answer.json().get("id").asText();
    assertThat(answer.header("Location")).isEqualTo("/api/claims/" + id);
    assertThat(answer.json().get("partnerId").asText()).isEqualTo(partnerId);
    assertThat(answer.json().get("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(answer.json().get("deadlines").get("reviewDueAt").isNull()).isFalse();
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceBusinessKey(id).count())
        .isEqualTo(1);
  }

  @Test
  void invalidInputIsAProblemDetailListingEveryFieldAndLeavesNothingBehind() {
    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    claim.remove("claimName");
    claim.put("customerTenantId", "not-a-guid");
    claim.put("solutionArea", "AZURE");
    claim.put("customerContactEmail", "nobody");
    claim.put("comments", "x".repeat(4001));
    claim.put("workloads", List.of("Teams", "Minesweeper"));

    Http.Answer answer = partner.postJson("/api/claims", claim);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.problemFields())
        .contains(
            "claimName", "customerTenantId", "solutionArea", "customerContactEmail", "comments");
    assertThat(answer.json().get("detail").asText())
        .contains(
            "claimName: is required",
            "customerTenantId: must be a GUID",
            "comments: must be at most 4000 characters");
    assertNoClaims();
  }

  @Test
  void brokenRequestsAreFourHundredsNeverServerErrors() {
    Map<String, Object> wrongTypes = new HashMap<>(ClaimFixtures.apiClaim(tenant));
    wrongTypes.put("workloads", 5);
    wrongTypes.put("claimName", Map.of("nested", true));

    assertThat(partner.postJson("/api/claims", "{\"claimName\": ").status()).isEqualTo(400);
    assertThat(partner.postJson("/api/claims", "").status()).isEqualTo(400);
    assertThat(partner.postJson("/api/claims", "[1, 2]").status()).isEqualTo(400);
    Http.Answer typed = partner.postJson("/api/claims", wrongTypes);
    assertThat(typed.status()).isEqualTo(400);
    assertThat(typed.problemFields()).containsAnyOf("workloads", "claimName");
    assertThat(partner.send("POST", "/api/claims", "text/plain", "hello", Map.of()).status())
        .isEqualTo(415);
    assertThat(partner.postJson("/api/claims", Map.of()).status()).isEqualTo(400);
    assertThat(partner.get("/api/claims?page=-1").status()).isEqualTo(400);
    assertThat(partner.get("/api/claims?size=1000").status()).isEqualTo(400);
    assertThat(partner.get("/api/claims?status=MAYBE").status()).isEqualTo(400);
    assertNoClaims();
  }

  @Test
  void domainThatDoesNotMatchTheTenantIs422() {
    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    claim.put("customerDomain", "someone-else.example.com");

    Http.Answer answer = partner.postJson("/api/claims", claim);

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.problemFields()).containsExactly("customerDomain");
    assertNoClaims();
  }

  @Test
  void listedDomainClaimedForAnotherTenantIs422NamingBothTenants() {
    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    String otherTenant = UUID.randomUUID().toString();
    claim.put("customerTenantId", otherTenant);

    Http.Answer answer = partner.postJson("/api/claims", claim);

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.problemFields()).containsExactly("customerDomain");
    assertThat(answer.json().get("detail").asText())
        .isEqualTo(
            "customerDomain: must match the customer tenant; "
                + tenant.domain()
                + " belongs to tenant "
                + tenant.id()
                + ", not "
                + otherTenant);
    assertNoClaims();
  }

  @Test
  void identicalClaimInFlightIs409NamingTheExistingClaim() {
    String first =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    Map<String, Object> again = ClaimFixtures.apiClaim(tenant);
    again.put("workloads", List.of("teams"));

    Http.Answer answer = partner.postJson("/api/claims", again);

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.json().get("claimId").asText()).isEqualTo(first);
    assertThat(claimCount()).isEqualTo(1);
  }

  @Test
  void retriedSubmissionWithTheSameIdempotencyKeyReturnsTheFirstClaim() {
    Map<String, String> key = Map.of("Idempotency-Key", "order-4711");
    String body = write(ClaimFixtures.apiClaim(tenant));

    Http.Answer first = partner.send("POST", "/api/claims", "application/json", body, key);
    Http.Answer retry = partner.send("POST", "/api/claims", "application/json", body, key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(claimCount()).isEqualTo(1);
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processInstanceBusinessKey(first.json().get("id").asText())
                .count())
        .isEqualTo(1);
  }

  @Test
  void theSameIdempotencyKeyAtTheSameMomentStartsOneClaim() throws Exception {
    Map<String, String> key = Map.of("Idempotency-Key", "parallel-" + partnerId);
    String body = write(ClaimFixtures.apiClaim(tenant));
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Http.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        answers.add(
            pool.submit(() -> partner.send("POST", "/api/claims", "application/json", body, key)));
      }
      List<String> ids = new ArrayList<>();
      for (var answer : answers) {
        assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(201);
        ids.add(answer.get().json().get("id").asText());
      }
      assertThat(ids).containsOnly(ids.get(0));
      assertThat(claimCount()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void proofOfExecutionUploadIsCheckedByContentAndDownloadableByValidators() {
    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    claim.remove("proofOfExecution");

    Http.Answer disguised =
        partner.postMultipart(
            "/api/claims",
            Map.of(
                "claim",
                claim,
                "proofOfExecution",
                new Http.FilePart(
                    "sow.pdf", "application/pdf", "MZ\u0090\u0000 not a pdf".getBytes())),
            Map.of());
    Http.Answer tooLarge =
        partner.postMultipart(
            "/api/claims",
            Map.of(
                "claim",
                claim,
                "proofOfExecution",
                new Http.FilePart("big.pdf", "application/pdf", oversizedPdf())),
            Map.of());
    assertThat(disguised.status()).isEqualTo(400);
    assertThat(disguised.json().get("detail").asText())
        .contains("proofOfExecution: must be a PDF, PNG, JPEG or DOCX");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertNoClaims();

    Http.Answer accepted =
        partner.postMultipart(
            "/api/claims",
            Map.of(
                "claim",
                claim,
                "proofOfExecution",
                new Http.FilePart("statement-of-work.pdf", "application/octet-stream", PDF)),
            Map.of());
    assertThat(accepted.status()).isEqualTo(201);
    String id = accepted.json().get("id").asText();
    assertThat(accepted.json().get("proofOfExecution").asText())
        .isEqualTo("/api/claims/" + id + "/proof-of-execution");

    Http validator = Http.to(port).as(TestUsers.validator(identityService), TestUsers.PASSWORD);
    Http.Answer download = validator.get("/api/claims/" + id + "/proof-of-execution");
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("Content-Type")).isEqualTo("application/pdf");
    assertThat(download.raw().body()).isEqualTo(PDF);
    assertThat(otherPartner.get("/api/claims/" + id + "/proof-of-execution").status())
        .isEqualTo(404);
  }

  @Test
  void partnersSeeOnlyTheirOwnClaimsPagedAndFiltered() {
    String first =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    Tenant another = ClaimFixtures.registerTenant(jdbc);
    String second =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(another)).json().get("id").asText();
    otherPartner.postJson(
        "/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));

    JsonNode page = partner.get("/api/claims?size=1&total=true").json();
    assertThat(page.get("totalElements").asLong()).isEqualTo(2);
    assertThat(page.get("totalPages").asInt()).isEqualTo(2);
    assertThat(page.get("content").get(0).get("id").asText()).isEqualTo(second);
    assertThat(
            partner
                .get("/api/claims?page=1&size=1")
                .json()
                .get("content")
                .get(0)
                .get("id")
                .asText())
        .isEqualTo(first);
    assertThat(
            partner
                .get("/api/claims?status=UNDER_REVIEW&total=true")
                .json()
                .get("totalElements")
                .asLong())
        .isEqualTo(2);
    assertThat(
            partner
                .get("/api/claims?status=REJECTED&total=true")
                .json()
                .get("totalElements")
                .asLong())
        .isZero();
    // Without total=true nothing is counted.
    assertThat(partner.get("/api/claims?size=1").json().has("totalElements")).isFalse();

    assertThat(otherPartner.get("/api/claims/" + first).status()).isEqualTo(404);
    JsonNode own = partner.get("/api/claims/" + first).json();
    assertThat(own.get("history").findValuesAsText("type"))
        .contains("SUBMITTED", "CHECKS_PASSED", "REVIEW_STARTED");
  }

  @Test
  void partnerAnswersARequestForMoreInformation() {
    String id =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    Map<String, String> answer = Map.of("answer", "Signed SOW at the same link.");
    assertThat(partner.postJson("/api/claims/" + id + "/information", answer).status())
        .isEqualTo(409);

    ProcessInstance instance = instanceOf(id);
    taskService.complete(
        task(instance).getId(),
        Map.of(
            "decision",
            "REQUEST_INFORMATION",
            "informationReason",
            "CUSTOMER_SIGNATURE_MISSING",
            "decisionComment",
            "Please send the signed SOW."));
    execute(job(ClaimProcess.Elements.TASK_REQUEST_INFORMATION, instance));
    JsonNode pending = partner.get("/api/claims/" + id).json();
    assertThat(pending.get("status").asText()).isEqualTo("PARTNER_ACTION_REQUIRED");
    assertThat(pending.get("deadlines").get("informationDueAt").isNull()).isFalse();

    assertThat(otherPartner.postJson("/api/claims/" + id + "/information", answer).status())
        .isEqualTo(404);
    assertThat(
            partner.postJson("/api/claims/" + id + "/information", Map.of("answer", " ")).status())
        .isEqualTo(400);
    Http.Answer answered = partner.postJson("/api/claims/" + id + "/information", answer);

    assertThat(answered.status()).isEqualTo(200);
    assertThat(answered.json().get("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(answered.json().get("history").findValuesAsText("detail"))
        .contains("Signed SOW at the same link.");
    assertThat(partner.postJson("/api/claims/" + id + "/information", answer).status())
        .isEqualTo(409);
  }

  @Test
  void partnerWithdrawsAClaimUntilItIsOfficial() {
    String id =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    assertThat(otherPartner.postJson("/api/claims/" + id + "/withdraw", Map.of()).status())
        .isEqualTo(404);

    Http.Answer withdrawn =
        partner.postJson("/api/claims/" + id + "/withdraw", Map.of("reason", "Wrong activity"));

    assertThat(withdrawn.status()).isEqualTo(200);
    assertThat(withdrawn.json().get("status").asText()).isEqualTo("REJECTED");
    assertThat(withdrawn.json().get("rejectionReason").asText()).isEqualTo("PARTNER_REQUEST");
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(id).count()).isZero();
    assertThat(partner.postJson("/api/claims/" + id + "/withdraw", Map.of()).status())
        .isEqualTo(409);
  }

  @Test
  void officialAssociationsAreListedForTheirPartnerOnly() {
    String id =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    ProcessInstance instance = instanceOf(id);
    taskService.complete(task(instance).getId(), Map.of("decision", "APPROVE"));
    execute(job(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance));
    execute(job(ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED, instance));

    JsonNode associations = partner.get("/api/associations").json().get("content");
    assertThat(associations.findValuesAsText("workload"))
        .containsExactlyInAnyOrder("Teams", "Exchange");
    assertThat(associations.findValuesAsText("customerTenantId")).containsOnly(tenant.id());
    assertThat(associations.findValuesAsText("status")).containsOnly("OFFICIAL");
    assertThat(associations.findValuesAsText("claimId")).containsOnly(id);
    assertThat(otherPartner.get("/api/associations").json().get("content")).isEmpty();
    assertThat(otherPartner.get("/api/associations.csv").body().lines()).hasSize(1);
    assertThat(partner.postJson("/api/claims/" + id + "/withdraw", Map.of()).status())
        .isEqualTo(409);
  }

  @Test
  void partnerDisputesARejectionOnceAndAnOverturnMakesItOfficial() {
    String id = rejected(RejectionReason.MISSING_PRODUCTS);
    Map<String, String> dispute =
        Map.of(
            "reason", "Teams is on page 3 of the SOW.", "proofOfExecution", "https://p/sow3.pdf");

    assertThat(otherPartner.postJson("/api/claims/" + id + "/dispute", dispute).status())
        .isEqualTo(404);
    Http.Answer missing = partner.postJson("/api/claims/" + id + "/dispute", Map.of("reason", " "));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
    assertThat(missing.problemFields()).containsExactly("reason");
    Http.Answer tooLong =
        partner.postJson("/api/claims/" + id + "/dispute", Map.of("reason", "x".repeat(4001)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().get("detail").asText())
        .isEqualTo("reason: must be at most 4000 characters");

    Http.Answer disputed = partner.postJson("/api/claims/" + id + "/dispute", dispute);

    assertThat(disputed.status()).as(disputed.body()).isEqualTo(200);
    assertThat(disputed.json().get("status").asText()).isEqualTo("UNDER_REVIEW");
    JsonNode block = disputed.json().get("dispute");
    assertThat(block.get("reason").asText()).isEqualTo("Teams is on page 3 of the SOW.");
    assertThat(block.get("proofOfExecution").asText()).isEqualTo("https://p/sow3.pdf");
    assertThat(block.get("outcome").asText()).isEqualTo("IN_REVIEW");
    assertThat(block.get("submittedAt").isNull()).isFalse();
    assertThat(disputed.json().get("history").findValuesAsText("type")).contains("DISPUTED");

    Http.Answer again = partner.postJson("/api/claims/" + id + "/dispute", dispute);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.header("Content-Type")).startsWith("application/problem+json");
    assertThat(again.json().get("detail").asText())
        .contains("has been disputed already: a claim may be disputed once");

    ProcessInstance instance = instanceOf(id);
    String review = task(instance).getId();
    taskService.setAssignee(review, TestUsers.otherValidator(identityService));
    taskService.complete(
        review, Map.of("disputeDecision", "OVERTURN", "disputeComment", "Page 3 shows Teams."));
    execute(job(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance));
    assertThat(partner.get("/api/claims/" + id).json().get("status").asText())
        .isEqualTo("APPROVED");
    execute(job(ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED, instance));
    execute(job(ClaimProcess.Elements.TASK_EMAIL_ASSOCIATION_OFFICIAL, instance));

    JsonNode official = partner.get("/api/claims/" + id).json();
    assertThat(official.get("status").asText()).isEqualTo("OFFICIAL");
    assertThat(official.get("rejectionReason").isNull()).isTrue();
    assertThat(official.get("dispute").get("outcome").asText()).isEqualTo("OVERTURNED");
    assertThat(official.get("dispute").get("decisionComment").asText())
        .isEqualTo("Page 3 shows Teams.");
    assertThat(official.get("history").findValuesAsText("type"))
        .containsSubsequence("REJECTED", "DISPUTED", "DISPUTE_OVERTURNED", "OFFICIAL");
    assertThat(partner.get("/api/associations").json().findValuesAsText("claimId")).contains(id);
  }

  @Test
  void disputeWithANewProofOfExecutionDocument() {
    String id = rejected(RejectionReason.POE_UNAVAILABLE);

    Http.Answer disputed =
        partner.postMultipart(
            "/api/claims/" + id + "/dispute",
            Map.of(
                "reason",
                "The signed SOW is attached.",
                "proofOfExecution",
                new Http.FilePart("signed-sow.pdf", "application/pdf", PDF)),
            Map.of());

    assertThat(disputed.status()).as(disputed.body()).isEqualTo(200);
    String proof = disputed.json().get("dispute").get("proofOfExecution").asText();
    assertThat(proof).startsWith("/api/claims/" + id + "/proof-of-execution?document=");
    assertThat(partner.get(proof).raw().body()).isEqualTo(PDF);

    // Withdrawn while its dispute is in review: the claim ends as the partner's request.
    JsonNode withdrawn =
        partner
            .postJson("/api/claims/" + id + "/withdraw", Map.of("reason", "Lost the customer"))
            .json();
    assertThat(withdrawn.get("status").asText()).isEqualTo("REJECTED");
    assertThat(withdrawn.get("rejectionReason").asText()).isEqualTo("PARTNER_REQUEST");
    assertThat(withdrawn.get("dispute").get("outcome").asText()).isEqualTo("WITHDRAWN");
    assertThat(taskService.createTaskQuery().processInstanceBusinessKey(id).count()).isZero();
  }

  @Test
  void onlyARejectionMicrosoftMadeMayBeDisputedAndOnlyWithin30Days() {
    Map<String, String> dispute = Map.of("reason", "Please look again.");
    String inReview =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    Http.Answer notRejected = partner.postJson("/api/claims/" + inReview + "/dispute", dispute);
    assertThat(notRejected.status()).isEqualTo(409);
    assertThat(notRejected.json().get("detail").asText())
        .contains("UNDER_REVIEW: only a rejected claim may be disputed");

    partner.postJson("/api/claims/" + inReview + "/withdraw", Map.of("reason", "Wrong activity"));
    Http.Answer withdrawn = partner.postJson("/api/claims/" + inReview + "/dispute", dispute);
    assertThat(withdrawn.status()).isEqualTo(409);
    assertThat(withdrawn.json().get("detail").asText())
        .contains("\"Partner request\"", "not disputable");

    String declined =
        partner
            .postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)))
            .json()
            .get("id")
            .asText();
    ProcessInstance instance = instanceOf(declined);
    taskService.complete(task(instance).getId(), Map.of("decision", "APPROVE"));
    execute(job(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance));
    runtimeService.correlateMessage(ClaimProcess.Messages.CUSTOMER_OPTED_OUT, declined);
    Http.Answer customerDeclined =
        partner.postJson("/api/claims/" + declined + "/dispute", dispute);
    assertThat(customerDeclined.status()).isEqualTo(409);
    assertThat(customerDeclined.json().get("detail").asText())
        .contains("\"Customer declined\"", "not disputable");

    String late = rejected(RejectionReason.MISSING_PRODUCTS);
    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(31))));
    try {
      Http.Answer gone = partner.postJson("/api/claims/" + late + "/dispute", dispute);
      assertThat(gone.status()).isEqualTo(410);
      assertThat(gone.header("Content-Type")).startsWith("application/problem+json");
      assertThat(gone.json().get("detail").asText())
          .contains(
              "The 30 days to dispute the rejection of "
                  + late
                  + " ended: it could be disputed until");
    } finally {
      ClockUtil.reset();
    }
    assertThat(partner.get("/api/claims/" + late).json().get("status").asText())
        .isEqualTo("REJECTED");
    assertThat(partner.get("/api/claims/" + late).json().get("dispute").isNull()).isTrue();
  }

  @Test
  void theApiNeedsAPartnerLogin() {
    assertThat(Http.to(port).get("/api/claims").status()).isEqualTo(401);
    assertThat(Http.to(port).get("/api/claims").header("WWW-Authenticate")).startsWith("Basic");
    assertThat(
            Http.to(port)
                .as(TestUsers.partner(identityService, partnerId), "wrong")
                .get("/api/claims")
                .status())
        .isEqualTo(401);
    Http validator = Http.to(port).as(TestUsers.validator(identityService), TestUsers.PASSWORD);
    assertThat(validator.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).status())
        .isEqualTo(403);
    JsonNode paths = Http.to(port).get("/v3/api-docs").json().get("paths");
    assertThat(paths.has("/api/claims")).isTrue();
    assertThat(paths.get("/api/claims/{id}/dispute").get("post").get("responses").has("410"))
        .isTrue();
  }

  /** A claim of the partner, rejected by a validator with this reason and mailed. */
  private String rejected(RejectionReason reason) {
    String id =
        partner
            .postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)))
            .json()
            .get("id")
            .asText();
    ProcessInstance instance = instanceOf(id);
    String review = task(instance).getId();
    taskService.setAssignee(review, TestUsers.validator(identityService));
    taskService.complete(
        review,
        Map.of(
            "decision",
            "REJECT",
            "rejectionReason",
            reason.name(),
            "decisionComment",
            "Not enough."));
    execute(job(ClaimProcess.Elements.TASK_EMAIL_REJECTION, instance));
    return id;
  }

  private ProcessInstance instanceOf(String claimId) {
    return runtimeService
        .createProcessInstanceQuery()
        .processInstanceBusinessKey(claimId)
        .singleResult();
  }

  private void assertNoClaims() {
    assertThat(claimCount()).isZero();
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .variableValueEquals("partnerId", partnerId)
                .count())
        .isZero();
  }

  private long claimCount() {
    return jdbc.sql("select count(*) from claim where partner_id = ?")
        .param(partnerId)
        .query(Long.class)
        .single();
  }

  private static byte[] oversizedPdf() {
    byte[] content = new byte[10 * 1024 * 1024 + 1];
    System.arraycopy(PDF, 0, content, 0, PDF.length);
    return content;
  }

  private static String write(Object value) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
