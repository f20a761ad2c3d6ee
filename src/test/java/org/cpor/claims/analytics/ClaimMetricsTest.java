package org.cpor.claims.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
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
 * Actuator is closed but for the health status; analysts and admins read the health details and the
 * {@code cpor_} metrics in Prometheus' format, and the metrics move with the claims.
 */
@CporSpringTest
class ClaimMetricsTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  @Test
  void withoutCredentialsOnlyTheHealthStatusAnswers() {
    Http anonymous = Http.to(port);
    for (String closed :
        List.of(
            "/actuator/prometheus",
            "/actuator/metrics",
            "/actuator/metrics/cpor.claims",
            "/actuator/info",
            "/actuator",
            "/actuator/health/mail")) {
      Http.Answer answer = anonymous.get(closed);
      assertThat(answer.status()).as(closed).isEqualTo(401);
      assertThat(answer.header("WWW-Authenticate")).as(closed).startsWith("Basic");
    }

    JsonNode health = anonymous.get("/actuator/health").json();
    assertThat(health.get("status").asText()).isIn("UP", "DEGRADED");
    assertThat(health.has("components")).isFalse();
    assertThat(health.has("details")).isFalse();
    for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
      Http.Answer answer = anonymous.get(probe);
      assertThat(answer.status()).as(probe).isEqualTo(200);
      assertThat(answer.json().get("status").asText()).isEqualTo("UP");
      assertThat(answer.json().has("components")).isFalse();
    }

    // A partner or a validator is not an operator either; a wrong password is refused.
    String partner = TestUsers.partner(identityService, ClaimFixtures.newPartnerId());
    String validator = TestUsers.validator(identityService);
    for (String user : List.of(partner, validator)) {
      Http.Answer answer = Http.to(port).as(user, TestUsers.PASSWORD).get("/actuator/metrics");
      assertThat(answer.status()).as(user).isEqualTo(403);
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      assertThat(
              Http.to(port)
                  .as(user, TestUsers.PASSWORD)
                  .get("/actuator/health")
                  .json()
                  .has("components"))
          .isFalse();
    }
    assertThat(Http.to(port).as("nobody-here", "wrong").get("/actuator/health").status())
        .isEqualTo(401);
  }

  @Test
  void analystsReadTheHealthDetailsAndTheClaimsMetrics() {
    Http analyst = Http.to(port).as(TestUsers.analyst(identityService), TestUsers.PASSWORD);
    Http admin = Http.to(port).as("admin", "admin-test-password");

    JsonNode health = analyst.get("/actuator/health").json();
    assertThat(health.get("components").get("incidents").get("details").has("open")).isTrue();
    assertThat(admin.get("/actuator/health").json().has("components")).isTrue();
    assertThat(admin.get("/actuator/metrics").status()).isEqualTo(200);

    String before = prometheus(analyst);
    assertThat(before)
        .contains(
            "cpor_claims{",
            "cpor_reviews_overdue ",
            "cpor_claims_submitted_total ",
            "cpor_claims_finished_total{",
            "cpor_claim_stage_duration_seconds_bucket{",
            "cpor_incidents_open ");
    double officialBefore = value(before, "cpor_claims_finished_total", "outcome=\"OFFICIAL\"");
    double rejectedBefore =
        value(before, "cpor_claims_finished_total", "reason=\"INSUFFICIENT_PROOF_OF_EXECUTION\"");
    double decisionsBefore =
        value(
            before, "cpor_claim_stage_duration_seconds_count", "stage=\"submission_to_decision\"");

    String partnerId = ClaimFixtures.newPartnerId();
    Http partner = TestUsers.partnerApi(identityService, port, partnerId);
    ClaimDriver driver = ClaimDriver.on(engine);
    ProcessInstance official = driver.instanceOf(submit(partner));
    driver.approveAndNotify(official);
    driver.optOutWindowPasses(official);
    ProcessInstance rejected = driver.instanceOf(submit(partner));
    driver.decide(
        rejected,
        Map.of(
            ClaimProcess.Variables.DECISION,
            "REJECT",
            ClaimProcess.Variables.REJECTION_REASON,
            "INSUFFICIENT_PROOF_OF_EXECUTION",
            ClaimProcess.Variables.DECISION_COMMENT,
            "No proof of the work."));
    driver.runRemainingJobs(rejected);

    // The figures are read from the database at most every few seconds, the stage timers one
    // scrape later.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              String after = prometheus(analyst);
              assertThat(value(after, "cpor_claims_finished_total", "outcome=\"OFFICIAL\""))
                  .isGreaterThanOrEqualTo(officialBefore + 1);
              assertThat(
                      value(
                          after,
                          "cpor_claims_finished_total",
                          "reason=\"INSUFFICIENT_PROOF_OF_EXECUTION\""))
                  .isGreaterThanOrEqualTo(rejectedBefore + 1);
              assertThat(
                      value(
                          after,
                          "cpor_claim_stage_duration_seconds_count",
                          "stage=\"submission_to_decision\""))
                  .isGreaterThanOrEqualTo(decisionsBefore + 2);
            });
  }

  private String submit(Http partner) {
    Http.Answer answer =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  private static String prometheus(Http http) {
    Http.Answer answer = http.get("/actuator/prometheus");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  /** The value of the first sample of this metric whose labels contain this one. */
  private static double value(String exposition, String metric, String label) {
    Matcher sample =
        Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE)
            .matcher(exposition);
    while (sample.find()) {
      if (sample.group(1).contains(label)) {
        return Double.parseDouble(sample.group(2));
      }
    }
    throw new AssertionError("no sample " + metric + "{" + label + "} in\n" + exposition);
  }
}
