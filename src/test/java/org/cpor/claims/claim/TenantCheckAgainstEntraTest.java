package org.cpor.claims.claim;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cpor.claims.support.EntraStub.domain;
import static org.cpor.claims.support.EntraStub.malformed;
import static org.cpor.claims.support.EntraStub.noTenant;
import static org.cpor.claims.support.EntraStub.outage;
import static org.cpor.claims.support.EntraStub.requestsFor;
import static org.cpor.claims.support.EntraStub.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.cpor.claims.tenant.TenantDirectory;
import org.cpor.claims.tenant.TenantLookup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The check "the customer's domain belongs to the customer's tenant" against Microsoft Entra ID,
 * here a local stub answering as Entra does, through the partner API as a partner's system uses it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ActiveProfiles("test")
class TenantCheckAgainstEntraTest {

  /**
   * The mail server is up, so that the overall health shows only what the tenant directory changes.
   */
  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  /** Started before the Spring context, which reads its address. */
  static final WireMockServer entra = new WireMockServer(wireMockConfig().dynamicPort());

  static {
    entra.start();
  }

  @AfterAll
  static void stopTheStub() {
    entra.stop();
  }

  @DynamicPropertySource
  static void askTheStub(DynamicPropertyRegistry properties) {
    properties.add("cpor.tenant-directory.type", () -> "entra");
    properties.add("cpor.tenant-directory.entra.base-url", entra::baseUrl);
    properties.add("cpor.tenant-directory.entra.read-timeout", () -> "300ms");
    properties.add("cpor.tenant-directory.entra.retry.backoff", () -> "10ms");
    // Opens only when the last 12 calls all failed (the outage test), so that the other tests'
    // failures (at most 10 in a row) never open it; closes after one good call a second later.
    properties.add(
        "cpor.tenant-directory.entra.circuit-breaker.failure-rate-threshold", () -> "100");
    properties.add("cpor.tenant-directory.entra.circuit-breaker.sliding-window", () -> "12");
    properties.add("cpor.tenant-directory.entra.circuit-breaker.minimum-calls", () -> "12");
    properties.add("cpor.tenant-directory.entra.circuit-breaker.wait-in-open", () -> "1s");
    properties.add("cpor.tenant-directory.entra.circuit-breaker.calls-in-half-open", () -> "1");
  }

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired TaskService taskService;
  @Autowired TenantDirectory directory;
  @Autowired MeterRegistry meters;

  private Http partner;
  private ClaimFixtures.Tenant customer;

  @BeforeEach
  void setUp() {
    partner = TestUsers.newPartnerApi(identityService, port);
    customer = newCustomer();
  }

  @Test
  void domainOfTheClaimsTenantPassesAndIsAskedOnce() {
    entra.stubFor(domain(customer.domain()).willReturn(tenant(customer.id())));

    Http.Answer first = partner.postJson("/api/claims", ClaimFixtures.apiClaim(customer));
    Http other = TestUsers.newPartnerApi(identityService, port);
    Http.Answer second = other.postJson("/api/claims", ClaimFixtures.apiClaim(customer));

    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(first.json().get("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(findings(first)).isEqualTo("All automated checks passed.");
    assertThat(second.status()).as(second.body()).isEqualTo(201);
    // The second claim's lookup is answered from the cache.
    entra.verify(1, requestsFor(customer.domain()));
  }

  @Test
  void domainOfAnotherTenantIs422NamingTheFieldAndBothTenants() {
    String owner = UUID.randomUUID().toString();
    entra.stubFor(domain(customer.domain()).willReturn(tenant(owner)));

    Http.Answer answer = partner.postJson("/api/claims", ClaimFixtures.apiClaim(customer));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.problemFields()).containsExactly("customerDomain");
    assertThat(answer.json().get("detail").asText())
        .isEqualTo(
            "customerDomain: must match the customer tenant; "
                + customer.domain()
                + " belongs to tenant "
                + owner
                + ", not "
                + customer.id());
    assertThat(partner.get("/api/claims?total=true").json().get("totalElements").asLong()).isZero();
  }

  @Test
  void domainNoTenantHasIs422() {
    entra.stubFor(domain(customer.domain()).willReturn(noTenant(customer.domain())));

    Http.Answer answer = partner.postJson("/api/claims", ClaimFixtures.apiClaim(customer));

    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.problemFields()).containsExactly("customerDomain");
    assertThat(answer.json().get("detail").asText())
        .isEqualTo("customerDomain: no Microsoft Entra tenant has the domain " + customer.domain());
    assertThat(partner.get("/api/claims?total=true").json().get("totalElements").asLong()).isZero();
  }

  @Test
  void whenEntraFailsTheClaimIsAcceptedAndFlaggedForTheValidator() {
    double unavailableBefore = lookups("unavailable");
    entra.stubFor(domain(customer.domain()).willReturn(outage()));

    Http.Answer answer = partner.postJson("/api/claims", ClaimFixtures.apiClaim(customer));

    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    assertThat(answer.json().get("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(findings(answer))
        .isEqualTo(
            "Flag: Tenant could not be verified: Microsoft Entra answered HTTP 503; check "
                + "that "
                + customer.domain()
                + " belongs to tenant "
                + customer.id());
    // Two calls for the partner API's check, and two more when the process's check step asks again.
    entra.verify(4, requestsFor(customer.domain()));
    assertThat(lookups("unavailable") - unavailableBefore).isEqualTo(2);
  }

  @Test
  void whenEntraIsTooSlowTheClaimIsAcceptedAndFlagged() {
    entra.stubFor(
        domain(customer.domain()).willReturn(tenant(customer.id()).withFixedDelay(1_000)));

    Http.Answer answer = partner.postJson("/api/claims", ClaimFixtures.apiClaim(customer));

    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    assertThat(findings(answer))
        .contains(
            "Flag: Tenant could not be verified: Microsoft Entra did not answer within 300 ms");
  }

  @Test
  void whenEntraAnswersNonsenseTheClaimIsAcceptedAndFlagged() {
    entra.stubFor(domain(customer.domain()).willReturn(malformed()));

    Http.Answer answer = partner.postJson("/api/claims", ClaimFixtures.apiClaim(customer));

    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    assertThat(findings(answer))
        .contains("Flag: Tenant could not be verified: Microsoft Entra's answer names no tenant");
  }

  @Test
  void theCheckStepAsksAgainAndItsAnswerCounts() {
    // The partner API's two calls fail; the check step's call gets the answer.
    entra.stubFor(
        domain(customer.domain())
            .inScenario("recovering")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(outage())
            .willSetStateTo("failed once"));
    entra.stubFor(
        domain(customer.domain())
            .inScenario("recovering")
            .whenScenarioStateIs("failed once")
            .willReturn(outage())
            .willSetStateTo("recovered"));
    entra.stubFor(
        domain(customer.domain())
            .inScenario("recovering")
            .whenScenarioStateIs("recovered")
            .willReturn(tenant(customer.id())));

    Http.Answer answer = partner.postJson("/api/claims", ClaimFixtures.apiClaim(customer));

    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    assertThat(findings(answer)).isEqualTo("All automated checks passed.");
    assertThat(answer.json().get("history").findValuesAsText("type"))
        .contains("CHECKS_PASSED")
        .doesNotContain("CHECKS_FLAGGED");
    entra.verify(3, requestsFor(customer.domain()));
  }

  @Test
  void duringAnOutageTheNodeStaysReadyAndTheCircuitClosesOnceEntraAnswers() {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0;
        i < 6 && !"DEGRADED".equals(tenantDirectoryHealth().get("status").asText());
        i++) {
      ClaimFixtures.Tenant unverifiable = newCustomer();
      entra.stubFor(domain(unverifiable.domain()).willReturn(outage()));
      statuses.add(partner.postJson("/api/claims", ClaimFixtures.apiClaim(unverifiable)).status());
    }
    assertThat(statuses).isNotEmpty().containsOnly(201);

    Http.Answer health = analystHttp().get("/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("DEGRADED");
    assertThat(tenantDirectoryHealth().get("details").get("circuit").asText()).isEqualTo("OPEN");
    assertThat(Http.to(port).get("/actuator/health/readiness").json().get("status").asText())
        .isEqualTo("UP");

    // Entra is not asked meanwhile; claims are still accepted, flagged.
    ClaimFixtures.Tenant next = newCustomer();
    entra.stubFor(domain(next.domain()).willReturn(tenant(next.id())));
    Http.Answer meanwhile = partner.postJson("/api/claims", ClaimFixtures.apiClaim(next));
    assertThat(meanwhile.status()).isEqualTo(201);
    assertThat(findings(meanwhile))
        .contains("Flag: Tenant could not be verified: Microsoft Entra is not asked for a while");
    entra.verify(0, requestsFor(next.domain()));

    // A second later one trial call is let through; its good answer closes the circuit.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> directory.tenantOf(next.domain()) instanceof TenantLookup.Found);
    assertThat(tenantDirectoryHealth().get("status").asText()).isEqualTo("UP");
    assertThat(tenantDirectoryHealth().get("details").get("circuit").asText()).isEqualTo("CLOSED");
  }

  private JsonNode tenantDirectoryHealth() {
    return analystHttp().get("/actuator/health").json().get("components").get("tenantDirectory");
  }

  /** What the validator's form shows as the automated checks' findings. */
  private String findings(Http.Answer submitted) {
    String claimId = submitted.json().get("id").asText();
    String task =
        taskService.createTaskQuery().processInstanceBusinessKey(claimId).singleResult().getId();
    return (String) taskService.getVariable(task, ClaimProcess.Variables.CHECK_FINDINGS);
  }

  private double lookups(String outcome) {
    return meters.find("cpor.tenant.directory.lookups").tag("outcome", outcome).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private static ClaimFixtures.Tenant newCustomer() {
    String id = UUID.randomUUID().toString();
    return new ClaimFixtures.Tenant(id, "customer-" + id.substring(0, 8) + ".example.com");
  }

  /** Health details are for analysts and admins (the status alone is public). */
  private Http analystHttp() {
    return Http.to(port).as(TestUsers.analyst(identityService), TestUsers.PASSWORD);
  }
}
