package org.cpor.claims.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The analysts' endpoints over HTTP Basic: the figures of the claims this test made (its own
 * partner), who may read them, and the problem details of a bad query. The Cockpit session is
 * covered by {@code ClaimAnalyticsInCockpitTest}.
 */
@CporSpringTest
class ClaimAnalyticsApiTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired TransactionTemplate transactions;
  @Autowired List<JavaMigration> javaMigrations;
  @Autowired Deadlines deadlines;

  private ClaimDriver driver;
  private String partnerId;
  private Http partner;
  private Http analyst;

  @BeforeEach
  void setUp() {
    driver = ClaimDriver.on(engine);
    partnerId = ClaimFixtures.newPartnerId();
    partner = TestUsers.partnerApi(identityService, port, partnerId);
    analyst = Http.to(port).as(TestUsers.analyst(identityService), TestUsers.PASSWORD);
  }

  @Test
  void analystsSeeTheClaimsByStatusFinishedOnesAndTheirHistory() {
    String official = submit();
    makeOfficial(official);
    String rejected = submit();
    driver.rejectAsValidator(driver.instanceOf(rejected));
    String waitingForPartner = submit();
    driver.askForInformation(driver.instanceOf(waitingForPartner));
    String underReview = submit();

    JsonNode summary = ok(analyst.get("/api/analytics/claims/summary?partnerId=" + partnerId));
    assertThat(summary.get("byStatus").get("OFFICIAL").asLong()).isEqualTo(1);
    assertThat(summary.get("byStatus").get("REJECTED").asLong()).isEqualTo(1);
    assertThat(summary.get("byStatus").get("PARTNER_ACTION_REQUIRED").asLong()).isEqualTo(1);
    assertThat(summary.get("byStatus").get("UNDER_REVIEW").asLong()).isEqualTo(1);
    assertThat(summary.get("byStatus").get("APPROVED").asLong()).isZero();
    assertThat(summary.get("total").asLong()).isEqualTo(4);
    assertThat(summary.get("finished").asLong()).isEqualTo(2);
    assertThat(summary.get("rejectedByReason").get("INSUFFICIENT_PROOF_OF_EXECUTION").asLong())
        .isEqualTo(1);
    assertThat(summary.get("overdueReviews").asLong()).isZero();

    JsonNode finished = ok(analyst.get("/api/analytics/claims/finished?partnerId=" + partnerId));
    assertThat(finished.get("totalElements").asLong()).isEqualTo(2);
    assertThat(claimIds(finished)).containsExactlyInAnyOrder(official, rejected);
    // Analysts read organisations, as recorded on each claim, not bare partner IDs.
    assertThat(finished.findValuesAsText("partnerName"))
        .containsOnly(ClaimFixtures.organisationName(partnerId));
    // Each claim's workloads, in the order the partner named them.
    assertThat(finished.findValuesAsText("workloads")).containsOnly("Teams,Exchange");
    JsonNode onlyRejected =
        ok(analyst.get("/api/analytics/claims/finished?status=REJECTED&partnerId=" + partnerId));
    assertThat(claimIds(onlyRejected)).containsExactly(rejected);
    assertThat(onlyRejected.get("content").get(0).get("rejectionReason").asText())
        .isEqualTo("INSUFFICIENT_PROOF_OF_EXECUTION");
    assertThat(claimIds(ok(analyst.get("/api/analytics/claims/finished?claimId=" + official))))
        .containsExactly(official);
    assertThat(
            ok(analyst.get(
                    "/api/analytics/claims/finished?partnerId="
                        + partnerId
                        + "&from=2000-01-01&to=2000-12-31"))
                .get("totalElements")
                .asLong())
        .isZero();

    JsonNode history = ok(analyst.get("/api/analytics/claims/" + official + "/history"));
    assertThat(history.get("status").asText()).isEqualTo("OFFICIAL");
    assertThat(history.get("checkFindings").asText()).isNotBlank();
    List<String> types = new ArrayList<>();
    history.get("history").forEach(entry -> types.add(entry.get("type").asText()));
    assertThat(types)
        .containsSubsequence(
            "SUBMITTED",
            "REVIEW_STARTED",
            "APPROVED_BY_VALIDATOR",
            "CUSTOMER_NOTIFIED",
            "OFFICIAL");

    JsonNode stages = ok(analyst.get("/api/analytics/claims/stages?days=1"));
    JsonNode decision = stages.get("stages").get(0);
    assertThat(decision.get("stage").asText()).isEqualTo("SUBMISSION_TO_DECISION");
    assertThat(decision.get("count").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(decision.get("p90Seconds").asLong()).isGreaterThanOrEqualTo(0);
    // Decided at once: every review of this test is within the five business days.
    assertThat(stages.get("sla").get("decidedWithinFiveBusinessDays").asInt())
        .isGreaterThanOrEqualTo(3);

    JsonNode flow = ok(analyst.get("/api/analytics/claims/flow?days=30"));
    assertThat(flow.get("days")).hasSize(30);
    JsonNode today = flow.get("days").get(29);
    assertThat(today.get("submitted").asLong()).isGreaterThanOrEqualTo(4);
    // The opt-out window passed on the engine's clock, five business days ahead.
    LocalDate now = LocalDate.now();
    JsonNode ahead =
        ok(analyst.get("/api/analytics/claims/flow?from=" + now + "&to=" + now.plusDays(10)));
    assertThat(ahead.findValues("official").stream().mapToLong(JsonNode::asLong).sum())
        .isGreaterThanOrEqualTo(1);
    assertThat(today.get("rejectedByReason").get("INSUFFICIENT_PROOF_OF_EXECUTION").asLong())
        .isGreaterThanOrEqualTo(1);

    JsonNode waiting = ok(analyst.get("/api/analytics/claims/waiting"));
    List<String> activities = new ArrayList<>();
    waiting
        .get("activities")
        .forEach(
            activity -> {
              activities.add(activity.get("activityId").asText());
              if (activity
                  .get("activityId")
                  .asText()
                  .equals(ClaimProcess.Elements.TASK_VALIDATE_CLAIM)) {
                assertThat(activity.get("activityName").asText()).isEqualTo("Validate claim");
                assertThat(activity.get("byAge").get("under 1 day").asLong())
                    .isGreaterThanOrEqualTo(1);
              }
            });
    assertThat(activities).contains(ClaimProcess.Elements.TASK_VALIDATE_CLAIM);

    assertThat(
            ok(analyst.get("/api/analytics/claims/rejections-by-partner?days=7"))
                .findValues("partnerId"))
        .extracting(JsonNode::asText)
        .contains(partnerId);
    assertThat(underReview).isNotBlank();
  }

  /**
   * Issue 21 in the figures: an association the partner ended (by who, in the summary; the day's
   * endings in the flow), a claim corrected in two fields (one corrected claim that day, not two
   * entries) and a draft (counted apart: neither in flight nor finished).
   */
  @Test
  void analystsSeeEndedAssociationsCorrectionsAndDrafts() {
    LocalDate today = LocalDate.now(deadlines.zone());
    JsonNode before = todayIn(ok(analyst.get("/api/analytics/claims/flow?days=1")));

    ClaimFixtures.Tenant tenant = ClaimFixtures.registerTenant(jdbc);
    String official = submit(ClaimFixtures.apiClaim(tenant));
    makeOfficial(official);
    JsonNode held = ok(partner.get("/api/associations?customerTenantId=" + tenant.id()));
    long associations = held.get("content").size();
    assertThat(associations).isGreaterThanOrEqualTo(2);
    String teams = idOf(held, "Teams");
    assertThat(
            partner
                .postJson(
                    "/api/associations/" + teams + "/end",
                    java.util.Map.of("reason", "The customer moved Teams to its own IT"))
                .status())
        .isEqualTo(200);

    String corrected = submit(ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
    driver.askForInformation(driver.instanceOf(corrected));
    Http.Answer patch =
        partner.send(
            "PATCH",
            "/api/claims/" + corrected,
            "application/merge-patch+json",
            "{\"customerContactEmail\": \"dana@example.com\", \"customerContactName\": \"Dana Smith\"}",
            java.util.Map.of());
    assertThat(patch.status()).as(patch.body()).isEqualTo(200);

    Http.Answer draft =
        partner.postJson(
            "/api/claims?draft=true", java.util.Map.of("claimName", "Contoso Teams (draft)"));
    assertThat(draft.status()).as(draft.body()).isEqualTo(201);

    JsonNode summary = ok(analyst.get("/api/analytics/claims/summary?partnerId=" + partnerId));
    assertThat(summary.get("drafts").asLong()).isEqualTo(1);
    assertThat(summary.get("byStatus").get("DRAFT").asLong()).isEqualTo(1);
    assertThat(summary.get("total").asLong()).isEqualTo(3);
    assertThat(summary.get("finished").asLong()).isEqualTo(1);
    // The corrected claim waits for the partner; the draft is not in flight.
    assertThat(summary.get("inFlight").asLong()).isEqualTo(1);
    assertThat(summary.get("associationsEnded").asLong()).isEqualTo(1);
    assertThat(summary.get("associationsEndedBy").get("PARTNER").asLong()).isEqualTo(1);
    assertThat(summary.get("associationsEndedBy").get("CUSTOMER").asLong()).isZero();
    assertThat(summary.get("associationsEndedBy").get("SUBSCRIPTION_EXPIRED").asLong()).isZero();
    // Scoped to the customer: by tenant ID, and by the domain of the claim.
    assertThat(
            ok(analyst.get("/api/analytics/claims/summary?tenant=" + tenant.id()))
                .get("associationsEndedBy")
                .get("PARTNER")
                .asLong())
        .isEqualTo(1);
    assertThat(
            ok(analyst.get("/api/analytics/claims/summary?tenant=" + tenant.domain()))
                .get("associationsEnded")
                .asLong())
        .isEqualTo(1);

    JsonNode after = todayIn(ok(analyst.get("/api/analytics/claims/flow?days=1")));
    assertThat(after.get("day").asText()).isEqualTo(today.toString());
    assertThat(after.get("associationsEnded").asLong() - before.get("associationsEnded").asLong())
        .isEqualTo(1);
    // Two fields changed, two history entries: one claim corrected.
    assertThat(after.get("corrected").asLong() - before.get("corrected").asLong()).isEqualTo(1);
    assertThat(
            ok(analyst.get("/api/analytics/claims/" + corrected + "/history"))
                .findValuesAsText("type")
                .stream()
                .filter("CORRECTED"::equals)
                .count())
        .isEqualTo(2);
    // A draft is not a submission.
    assertThat(after.get("submitted").asLong() - before.get("submitted").asLong()).isEqualTo(2);
  }

  @Test
  void onlyAnalystsAndAdminsMayReadTheFigures() {
    Http validator = Http.to(port).as(TestUsers.validator(identityService), TestUsers.PASSWORD);
    for (Http refused : List.of(partner, validator)) {
      Http.Answer answer = refused.get("/api/analytics/claims/summary");
      assertThat(answer.status()).isEqualTo(403);
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      assertThat(answer.json().get("detail").asText()).contains("analysts", "camunda-admin");
    }
    assertThat(Http.to(port).get("/api/analytics/claims/summary").status()).isEqualTo(401);
    assertThat(
            Http.to(port)
                .as("nobody-at-all", "wrong")
                .get("/api/analytics/claims/summary")
                .status())
        .isEqualTo(401);
    assertThat(
            Http.to(port)
                .as("admin", "admin-test-password")
                .get("/api/analytics/claims/summary")
                .json()
                .get("byStatus")
                .has("OFFICIAL"))
        .isTrue();
    // Read-only: nothing but GET.
    assertThat(analyst.postJson("/api/analytics/claims/summary", "{}").status()).isIn(405, 404);
  }

  @Test
  void aBadQueryIsAProblemNamingTheParameterAndItsRule() {
    Http.Answer backwards =
        analyst.get("/api/analytics/claims/finished?from=2026-03-31&to=2026-03-01");
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.header("Content-Type")).startsWith("application/problem+json");
    assertThat(backwards.problemFields()).containsExactly("to");
    assertThat(backwards.json().get("errors").get(0).get("rule").asText())
        .isEqualTo("must not be before from");

    assertThat(analyst.get("/api/analytics/claims/flow?days=0").problemFields())
        .containsExactly("days");
    assertThat(analyst.get("/api/analytics/claims/flow?days=ninety").problemFields())
        .containsExactly("days");
    assertThat(analyst.get("/api/analytics/claims/stages?from=yesterday").problemFields())
        .containsExactly("from");
    assertThat(
            analyst.get("/api/analytics/claims/flow?from=2024-01-01&to=2026-01-01").problemFields())
        .containsExactly("to");
    Http.Answer wrongStatus =
        analyst.get("/api/analytics/claims/finished?status=UNDER_REVIEW&size=1000");
    assertThat(wrongStatus.status()).isEqualTo(400);
    assertThat(wrongStatus.problemFields()).containsExactly("status", "size");
    Http.Answer unknown = analyst.get("/api/analytics/claims/CPOR-NO-SUCH/history");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
  }

  /**
   * The ended stages are written as each stage ends; a database's earlier history is filled in by
   * migration 21.1. Both must give the same stages, or the figures would change after an upgrade.
   */
  @Test
  void theMigrationFillsInTheSameStagesAsAreWrittenWhenAStageEnds() {
    String claimId = submit();
    ProcessInstance instance = driver.askForInformation(driver.instanceOf(claimId));
    assertThat(
            partner
                .postJson(
                    "/api/claims/" + claimId + "/information",
                    java.util.Map.of("answer", "The signed statement of work is attached."))
                .status())
        .isEqualTo(200);
    driver.runRemainingJobs(instance);
    driver.approveAndNotify(instance);
    driver.optOutWindowPasses(instance);

    List<String> written = stagesOf(claimId);
    assertThat(written)
        .extracting(row -> row.substring(0, row.indexOf(' ')))
        .containsExactlyInAnyOrder(
            "INFORMATION_REQUEST_TO_ANSWER",
            "SUBMISSION_TO_DECISION",
            "APPROVAL_TO_OFFICIAL",
            "REVIEW_ROUND",
            "REVIEW_ROUND");

    JavaMigration backfill =
        javaMigrations.stream()
            .filter(migration -> migration.getVersion().toString().equals("21.1"))
            .findFirst()
            .orElseThrow();
    List<String> filledIn =
        transactions.execute(
            status -> {
              status.setRollbackOnly();
              jdbc.sql("delete from claim_stage").update();
              try {
                backfill.migrate(
                    new Context() {
                      @Override
                      public org.flywaydb.core.api.configuration.Configuration getConfiguration() {
                        return null;
                      }

                      @Override
                      public java.sql.Connection getConnection() {
                        return DataSourceUtils.getConnection(dataSource);
                      }
                    });
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return stagesOf(claimId);
            });
    assertThat(filledIn).containsExactlyInAnyOrderElementsOf(written);
  }

  private List<String> stagesOf(String claimId) {
    return jdbc.sql(
            "select stage, started_at, ended_at, seconds, due_at from claim_stage"
                + " where claim_id = ? order by id")
        .param(claimId)
        .query(
            (rs, n) ->
                rs.getString(1)
                    + " "
                    + rs.getTimestamp(2)
                    + " → "
                    + rs.getTimestamp(3)
                    + " ("
                    + rs.getLong(4)
                    + " s, due "
                    + rs.getTimestamp(5)
                    + ")")
        .list();
  }

  private String submit() {
    return submit(ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
  }

  private String submit(java.util.Map<String, Object> claim) {
    Http.Answer answer = partner.postJson("/api/claims", claim);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  private void makeOfficial(String claimId) {
    ProcessInstance instance = driver.instanceOf(claimId);
    driver.approveAndNotify(instance);
    driver.optOutWindowPasses(instance);
  }

  private static JsonNode ok(Http.Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json();
  }

  private static JsonNode todayIn(JsonNode flow) {
    assertThat(flow.get("days")).hasSize(1);
    return flow.get("days").get(0);
  }

  private static String idOf(JsonNode page, String workload) {
    for (JsonNode association : page.get("content")) {
      if (association.get("workload").asText().equals(workload)) {
        return association.get("id").asText();
      }
    }
    throw new AssertionError("No association for " + workload + " in " + page);
  }

  private static List<String> claimIds(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("content").forEach(claim -> ids.add(claim.get("claimId").asText()));
    return ids;
  }
}
