package org.cpor.claims.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Partners' webhooks end to end: a partner registers an endpoint (a local HTTPS receiver, WireMock
 * with a self-signed certificate that the tests' deliveries trust) and receives every status change
 * of its claims, signed, in order per claim; failed deliveries are retried with growing waits and
 * end as incidents and FAILED deliveries; internal addresses are refused; partners never see each
 * other's events or webhooks. Delivery jobs are run by the test, as the job executor would.
 */
@CporSpringTest
class WebhooksTest {

  private static final String PROCESS = "cpor-webhook-delivery";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  static WireMockServer receiver;

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired JdbcClient jdbc;

  private Http partner;
  private ClaimDriver driver;

  @BeforeAll
  static void startReceiver() throws URISyntaxException {
    String keystore =
        Path.of(WebhooksTest.class.getResource("/webhooks/receiver.p12").toURI()).toString();
    receiver =
        new WireMockServer(
            wireMockConfig()
                .httpDisabled(true)
                .dynamicHttpsPort()
                .keystoreType("PKCS12")
                .keystorePath(keystore)
                .keystorePassword("test-receiver")
                .keyManagerPassword("test-receiver"));
    receiver.start();
    receiver.stubFor(post(urlPathMatching("/hooks/.*")).willReturn(ok()));
  }

  @AfterAll
  static void stopReceiver() {
    receiver.stop();
  }

  @BeforeEach
  void setUp() {
    partner = TestUsers.newPartnerApi(identityService, port);
    driver = ClaimDriver.on(engine);
  }

  @Test
  void everyStatusChangeArrivesOnceSignedAndInOrderPerClaim() {
    String path = newPath();
    Registered webhook = register(partner, url(path), List.of());

    // Claim 1: more information requested and answered, approved, official.
    String first = submit(partner);
    ProcessInstance firstInstance = driver.instanceOf(first);
    driver.askForInformation(firstInstance);
    assertThat(
            partner
                .postJson(
                    "/api/claims/" + first + "/information",
                    Map.of("answer", "The SOW is signed now."))
                .status())
        .isEqualTo(200);
    driver.runRemainingJobs(firstInstance);
    driver.approveAndNotify(firstInstance);
    driver.optOutWindowPasses(firstInstance);
    // Claim 2: withdrawn by the partner.
    String second = submit(partner);
    assertThat(
            partner
                .postJson("/api/claims/" + second + "/withdraw", Map.of("reason", "Wrong customer"))
                .status())
        .isEqualTo(200);
    driver.runRemainingJobs(driver.instanceOf(second));

    int delivered = deliverAllNewestFirst(webhook.id());

    List<LoggedRequest> requests = requestsTo(path);
    assertThat(requests).hasSize(delivered);
    List<JsonNode> bodies = new ArrayList<>();
    for (LoggedRequest request : requests) {
      assertThat(verified(request, webhook.secret())).as("signature verifies").isTrue();
      JsonNode body = json(request.getBodyAsString());
      assertThat(body.get("id").asText()).isEqualTo(request.getHeader("webhook-id"));
      bodies.add(body);
    }
    assertThat(bodies.stream().map(body -> body.get("id").asText()).distinct())
        .as("one delivery per event, each with its own id")
        .hasSize(requests.size());
    assertThat(typesOf(bodies, first))
        .containsExactly(
            "claim.submitted",
            "claim.under_review",
            "claim.information_requested",
            "claim.under_review",
            "claim.approved",
            "claim.official");
    assertThat(typesOf(bodies, second))
        .containsExactly(
            "claim.submitted", "claim.under_review", "claim.withdrawn", "claim.rejected");
    JsonNode rejected = last(bodies, second);
    assertThat(rejected.at("/data/status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.at("/data/rejectionReason").asText()).isEqualTo("PARTNER_REQUEST");
    assertThat(last(bodies, first).at("/data/status").asText()).isEqualTo("OFFICIAL");

    JsonNode deliveries = partner.get("/api/webhooks/" + webhook.id() + "/deliveries").json();
    assertThat(deliveries.findValuesAsText("status")).hasSize(10).containsOnly("DELIVERED");
    assertThat(deliveries.findValuesAsText("attempts")).containsOnly("1");
  }

  @Test
  void aReceiverThatFailsThreeTimesGetsTheDeliveryExactlyOnceMore() {
    String path = newPath();
    receiver.stubFor(
        post(urlPathEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("failed once"));
    receiver.stubFor(
        post(urlPathEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("failed once")
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("failed twice"));
    receiver.stubFor(
        post(urlPathEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("failed twice")
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("recovered"));
    receiver.stubFor(
        post(urlPathEqualTo(path))
            .inScenario(path)
            .whenScenarioStateIs("recovered")
            .willReturn(ok()));
    Registered webhook = register(partner, url(path), List.of("claim.submitted"));
    String claimId = submit(partner);

    Job job = deliveryJobs(webhook.id()).get(0);
    List<Long> waits = new ArrayList<>();
    for (int attempt = 1; attempt <= 3; attempt++) {
      long before = System.currentTimeMillis();
      String jobId = job.getId();
      assertThatThrownBy(() -> managementService.executeJob(jobId))
          .hasMessageContaining("answered HTTP 500");
      job = managementService.createJobQuery().jobId(jobId).singleResult();
      waits.add(job.getDuedate().getTime() - before);
      JsonNode delivery = deliveries(partner, webhook.id()).get(0);
      assertThat(delivery.get("status").asText()).isEqualTo("PENDING");
      assertThat(delivery.get("attempts").asInt()).isEqualTo(attempt);
      assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(500);
    }
    // The default cycle PT1M,PT5M,PT30M,...: the job is due again after growing waits.
    assertThat(waits.get(0)).isBetween(55_000L, 65_000L);
    assertThat(waits.get(1)).isBetween(295_000L, 305_000L);
    assertThat(waits.get(2)).isBetween(1_795_000L, 1_805_000L);
    managementService.executeJob(job.getId());
    assertThat(deliverAllNewestFirst(webhook.id())).isZero();

    List<LoggedRequest> requests = requestsTo(path);
    assertThat(requests).hasSize(4);
    assertThat(requests.stream().map(request -> request.getHeader("webhook-id")).distinct())
        .as("every attempt carries the event's id")
        .hasSize(1);
    assertThat(json(requests.get(3).getBodyAsString()).at("/data/claimId").asText())
        .isEqualTo(claimId);
    JsonNode delivery = deliveries(partner, webhook.id()).get(0);
    assertThat(delivery.get("status").asText()).isEqualTo("DELIVERED");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
    assertThat(delivery.get("lastStatusCode").asInt()).isEqualTo(200);
  }

  @Test
  void aReceiverDownForGoodEndsInAnIncidentAndAFailedDeliveryAndTheNextOneGoes() {
    Registered webhook =
        register(
            partner,
            "https://localhost:" + closedPort() + "/hooks/gone",
            List.of("claim.submitted", "claim.under_review"));
    submit(partner);

    List<Job> jobs = deliveryJobs(webhook.id());
    assertThat(jobs).as("the second event waits for the first").hasSize(1);
    Job job = jobs.get(0);
    int attempts = 0;
    while (job.getRetries() > 0 && attempts < 20) {
      String jobId = job.getId();
      assertThatThrownBy(() -> managementService.executeJob(jobId))
          .hasMessageContaining("cannot be reached");
      attempts++;
      job = managementService.createJobQuery().jobId(jobId).singleResult();
    }
    assertThat(attempts).as("one attempt and a retry per wait of the cycle").isEqualTo(6);
    assertThat(
            runtimeService
                .createIncidentQuery()
                .processInstanceId(job.getProcessInstanceId())
                .singleResult())
        .as("an incident in Cockpit")
        .isNotNull();

    List<JsonNode> deliveries = deliveries(partner, webhook.id());
    assertThat(deliveries).hasSize(2);
    JsonNode failed = deliveries.get(1);
    assertThat(failed.get("type").asText()).isEqualTo("claim.submitted");
    assertThat(failed.get("status").asText()).isEqualTo("FAILED");
    assertThat(failed.get("attempts").asInt()).isEqualTo(6);
    assertThat(failed.get("lastError").asText()).contains("cannot be reached");
    JsonNode next = deliveries.get(0);
    assertThat(next.get("type").asText()).isEqualTo("claim.under_review");
    assertThat(next.get("status").asText()).isEqualTo("PENDING");
    assertThat(deliveryJobs(webhook.id())).hasSize(2);
  }

  @Test
  void aDisputedRejectionThatIsUpheldArrivesAsRejectedDisputedUpheld() {
    String path = newPath();
    Registered webhook =
        register(
            partner,
            url(path),
            List.of("claim.rejected", "claim.disputed", "claim.dispute_upheld"));
    String claimId = submit(partner);
    ProcessInstance instance = driver.rejectAsValidator(driver.instanceOf(claimId));
    assertThat(
            partner
                .postJson(
                    "/api/claims/" + claimId + "/dispute",
                    Map.of("reason", "The SOW is signed on page 4."))
                .status())
        .isEqualTo(200);
    String review = driver.openTask(instance).getId();
    taskService.setAssignee(review, TestUsers.otherValidator(identityService));
    taskService.complete(
        review, Map.of("disputeDecision", "UPHOLD", "disputeComment", "Page 4 is not signed."));
    driver.runRemainingJobs(instance);

    deliverAllNewestFirst(webhook.id());

    List<JsonNode> bodies =
        requestsTo(path).stream().map(request -> json(request.getBodyAsString())).toList();
    assertThat(typesOf(bodies, claimId))
        .containsExactly("claim.rejected", "claim.disputed", "claim.dispute_upheld");
    JsonNode upheld = bodies.get(2);
    assertThat(upheld.at("/data/status").asText()).isEqualTo("REJECTED");
    assertThat(upheld.at("/data/rejectionReason").asText())
        .isEqualTo("INSUFFICIENT_PROOF_OF_EXECUTION");
    assertThat(upheld.at("/data/detail").asText()).contains("Page 4 is not signed.");
    assertThat(bodies.get(1).at("/data/status").asText()).isEqualTo("UNDER_REVIEW");
  }

  @Test
  void internalAddressesAndPlainHttpAreRefusedAndBadInputIsNamed() {
    for (String url :
        List.of(
            "https://127.0.0.1/hooks",
            "https://10.0.0.8/hooks",
            "https://10.255.1.2:8443/hooks",
            "https://192.168.1.1/hooks",
            "https://169.254.169.254/latest/meta-data",
            "https://[::1]/hooks",
            "http://localhost:8080/hooks")) {
      Http.Answer answer =
          partner.postJson(
              "/api/webhooks", Map.of("url", url, "events", List.of("claim.approved")));
      assertThat(answer.status()).as(url).isEqualTo(422);
      assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(answer.problemFields()).as(url).containsExactly("url");
    }
    Http.Answer bad =
        partner.postJson(
            "/api/webhooks", Map.of("url", "not a url", "events", List.of("claim.eaten")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.problemFields()).containsExactly("url", "events[0]");
    assertThat(partner.postJson("/api/webhooks", Map.of("url", url("/hooks/x"))).problemFields())
        .containsExactly("events");
    assertThat(partner.postJson("/api/webhooks", "{\"url\": ").status()).isEqualTo(400);
    assertThat(partner.get("/api/webhooks").json()).isEmpty();

    // The contract tells clients about these answers.
    JsonNode paths = Http.to(port).get("/v3/api-docs").json().get("paths");
    assertThat(paths.at("/~1api~1webhooks/post/responses").has("422")).isTrue();
    assertThat(paths.at("/~1api~1webhooks/post/operationId").asText()).isEqualTo("registerWebhook");
    assertThat(paths.at("/~1api~1webhooks~1{id}~1deliveries/get/responses").has("404")).isTrue();
  }

  @Test
  void partnersNeverSeeEachOthersEventsOrWebhooks() {
    Http partnerB = TestUsers.newPartnerApi(identityService, port);
    String pathA = newPath();
    String pathB = newPath();
    Registered webhookA = register(partner, url(pathA), List.of("claim.submitted"));
    Registered webhookB = register(partnerB, url(pathB), List.of("claim.submitted"));

    submit(partner);
    deliverAllNewestFirst(webhookA.id(), webhookB.id());

    assertThat(requestsTo(pathA)).hasSize(1);
    assertThat(requestsTo(pathB)).isEmpty();
    assertThat(partnerB.get("/api/webhooks").json().findValuesAsText("id"))
        .containsExactly(webhookB.id());
    String a = "/api/webhooks/" + webhookA.id();
    assertThat(partnerB.get(a).status()).isEqualTo(404);
    assertThat(partnerB.get(a + "/deliveries").status()).isEqualTo(404);
    assertThat(partnerB.postJson(a + "/secret", "").status()).isEqualTo(404);
    assertThat(partnerB.delete(a).status()).isEqualTo(404);
    assertThat(partner.get(a).status()).isEqualTo(200);
  }

  @Test
  void aRotatedSecretSignsWhatFollowsAndADeletedWebhookGetsNothing() {
    String path = newPath();
    Registered webhook = register(partner, url(path), List.of("claim.submitted"));
    Http.Answer rotated = partner.postJson("/api/webhooks/" + webhook.id() + "/secret", "");
    assertThat(rotated.status()).isEqualTo(200);
    String newSecret = rotated.json().get("secret").asText();
    assertThat(newSecret).startsWith("whsec_").isNotEqualTo(webhook.secret());
    assertThat(partner.get("/api/webhooks/" + webhook.id()).json().get("secret").isNull())
        .as("the secret is shown only when made")
        .isTrue();

    submit(partner);
    deliverAllNewestFirst(webhook.id());
    LoggedRequest signed = requestsTo(path).get(0);
    assertThat(verified(signed, newSecret)).isTrue();
    assertThat(verified(signed, webhook.secret())).isFalse();

    assertThat(partner.delete("/api/webhooks/" + webhook.id()).status()).isEqualTo(204);
    submit(partner);
    assertThat(deliverAllNewestFirst(webhook.id())).isZero();
    assertThat(requestsTo(path)).hasSize(1);
    assertThat(partner.get("/api/webhooks/" + webhook.id()).status()).isEqualTo(404);
  }

  // ---------------------------------------------------------------------------------------------

  record Registered(String id, String secret) {}

  private static Registered register(Http partner, String url, List<String> events) {
    List<String> wanted =
        events.isEmpty()
            ? List.of(
                "claim.submitted",
                "claim.under_review",
                "claim.information_requested",
                "claim.approved",
                "claim.official",
                "claim.rejected",
                "claim.withdrawn",
                "claim.superseded",
                "claim.disputed",
                "claim.dispute_overturned",
                "claim.dispute_upheld")
            : events;
    Http.Answer answer = partner.postJson("/api/webhooks", Map.of("url", url, "events", wanted));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return new Registered(answer.json().get("id").asText(), answer.json().get("secret").asText());
  }

  private String submit(Http partner) {
    Http.Answer answer =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  /** The delivery jobs of this webhook that may still run. */
  private List<Job> deliveryJobs(String webhookId) {
    return managementService.createJobQuery().processDefinitionKey(PROCESS).list().stream()
        .filter(
            job -> webhookId.equals(runtimeService.getVariable(job.getExecutionId(), "webhookId")))
        .toList();
  }

  /**
   * Runs every delivery job of these webhooks that may run, newest delivery first (the order most
   * likely to break the order per claim), until none is left; the number of jobs run.
   */
  private int deliverAllNewestFirst(String... webhookIds) {
    List<String> ofWebhooks = List.of(webhookIds);
    int run = 0;
    for (int round = 0; round < 100; round++) {
      List<Job> due =
          managementService
              .createJobQuery()
              .processDefinitionKey(PROCESS)
              .withRetriesLeft()
              .list()
              .stream()
              .filter(
                  job ->
                      ofWebhooks.contains(
                          runtimeService.getVariable(job.getExecutionId(), "webhookId")))
              .sorted(
                  Comparator.comparing(
                          (Job job) ->
                              ((Number)
                                      runtimeService.getVariable(
                                          job.getExecutionId(), "deliveryId"))
                                  .longValue())
                      .reversed())
              .toList();
      if (due.isEmpty()) {
        return run;
      }
      managementService.executeJob(due.get(0).getId());
      run++;
    }
    throw new AssertionError("the deliveries keep coming");
  }

  private static List<LoggedRequest> requestsTo(String path) {
    return receiver.findAll(postRequestedFor(urlPathEqualTo(path)));
  }

  private static List<String> typesOf(List<JsonNode> bodies, String claimId) {
    return bodies.stream()
        .filter(body -> claimId.equals(body.at("/data/claimId").asText()))
        .map(body -> body.get("type").asText())
        .toList();
  }

  private static JsonNode last(List<JsonNode> bodies, String claimId) {
    List<JsonNode> ofClaim =
        bodies.stream().filter(body -> claimId.equals(body.at("/data/claimId").asText())).toList();
    return ofClaim.get(ofClaim.size() - 1);
  }

  private static List<JsonNode> deliveries(Http partner, String webhookId) {
    List<JsonNode> list = new ArrayList<>();
    partner.get("/api/webhooks/" + webhookId + "/deliveries").json().forEach(list::add);
    return list;
  }

  /** What a receiver does (docs/webhooks.md): HMAC-SHA256 of id.timestamp.body with the secret. */
  private static boolean verified(LoggedRequest request, String secret) {
    try {
      String id = request.getHeader("webhook-id");
      String timestamp = request.getHeader("webhook-timestamp");
      byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String expected =
          Base64.getEncoder()
              .encodeToString(
                  mac.doFinal(
                      (id + "." + timestamp + "." + request.getBodyAsString())
                          .getBytes(StandardCharsets.UTF_8)));
      boolean fresh = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300;
      return fresh
          && List.of(request.getHeader("webhook-signature").split(" ")).contains("v1," + expected);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String newPath() {
    return "/hooks/" + UUID.randomUUID();
  }

  private static String url(String path) {
    return "https://localhost:" + receiver.httpsPort() + path;
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
