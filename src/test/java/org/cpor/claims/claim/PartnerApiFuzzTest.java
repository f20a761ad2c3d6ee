package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.camunda.bpm.engine.IdentityService;
import org.cpor.claims.CporClaimsApplication;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestUsers;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * 10,000 generated partner-API requests, valid and broken: none is answered with a server error,
 * and afterwards every claim row has its process instance and every process instance its claim row.
 */
class PartnerApiFuzzTest {

  static final int TRIES = Integer.getInteger("cpor.fuzz.tries", 10_000);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FIELDS = {
    "claimName",
    "customerDomain",
    "customerTenantId",
    "solutionArea",
    "activity",
    "workloads",
    "subscriptionId",
    "customerContactName",
    "customerContactTitle",
    "customerContactEmail",
    "partnerContactName",
    "partnerContactEmail",
    "proofOfExecution",
    "comments"
  };

  private static ConfigurableApplicationContext application;
  private static Http partner;
  private static JdbcClient jdbc;
  private static List<ClaimFixtures.Tenant> tenants;
  private static final Map<Integer, Integer> STATUSES = new HashMap<>();
  private static final AtomicInteger REQUESTS = new AtomicInteger();

  @BeforeContainer
  static void startApplication() {
    application =
        new SpringApplication(CporClaimsApplication.class)
            .run(
                "--spring.profiles.active=test",
                "--server.port=0",
                "--camunda.bpm.process-engine-name=default");
    int port = ((WebServerApplicationContext) application).getWebServer().getPort();
    jdbc = application.getBean(JdbcClient.class);
    IdentityService identityService = application.getBean(IdentityService.class);
    partner = TestUsers.newPartnerApi(identityService, port);
    tenants = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tenants.add(ClaimFixtures.registerTenant(jdbc));
    }
  }

  @AfterContainer
  static void checkTheDataAndStop() {
    try {
      long claimsWithoutProcess =
          jdbc.sql(
                  """
          select count(*) from claim c where not exists
            (select 1 from act_hi_procinst p where p.business_key_ = c.id and p.proc_def_key_ = 'cpor-claim')""")
              .query(Long.class)
              .single();
      long processesWithoutClaim =
          jdbc.sql(
                  """
          select count(*) from act_hi_procinst p where p.proc_def_key_ = 'cpor-claim' and not exists
            (select 1 from claim c where c.id = p.business_key_)""")
              .query(Long.class)
              .single();
      long claims = jdbc.sql("select count(*) from claim").query(Long.class).single();
      System.out.printf(
          "FUZZ requests=%d statuses=%s claims=%d claimsWithoutProcess=%d processesWithoutClaim=%d%n",
          REQUESTS.get(), STATUSES, claims, claimsWithoutProcess, processesWithoutClaim);
      assertThat(claimsWithoutProcess).isZero();
      assertThat(processesWithoutClaim).isZero();
      assertThat(STATUSES).doesNotContainKeys(500, 502, 503);
    } finally {
      application.close();
    }
  }

  /** A request as a partner's system might send it: a method, a path, a content type and a body. */
  record Call(String method, String path, String contentType, String body) {}

  @Property(
      tries = 10_000,
      generation = net.jqwik.api.GenerationMode.RANDOMIZED,
      shrinking = net.jqwik.api.ShrinkingMode.OFF)
  void noRequestIsAServerError(@ForAll("calls") Call call) {
    if (REQUESTS.get() >= TRIES) {
      return;
    }
    REQUESTS.incrementAndGet();
    Http.Answer answer =
        partner.send(call.method(), call.path(), call.contentType(), call.body(), Map.of());
    synchronized (STATUSES) {
      STATUSES.merge(answer.status(), 1, Integer::sum);
    }
    assertThat(answer.status())
        .as("%s %s %s", call.method(), call.path(), abbreviate(call.body()))
        .isLessThan(500);
    if (answer.status() >= 400) {
      assertThat(answer.header("Content-Type"))
          .as(answer.body())
          .startsWith("application/problem+json");
    }
  }

  @Provide
  Arbitrary<Call> calls() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, validClaims().map(claim -> post(write(claim)))),
        Tuple.of(10, mutatedClaims().map(claim -> post(write(claim)))),
        Tuple.of(2, brokenBodies().map(PartnerApiFuzzTest::post)),
        Tuple.of(1, wrongContentTypes()),
        Tuple.of(2, otherEndpoints()));
  }

  private Arbitrary<Map<String, Object>> validClaims() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 49),
            Arbitraries.of("Teams", "Exchange", "SharePoint", "Intune", "OneDrive")
                .set()
                .ofMinSize(1)
                .ofMaxSize(3),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(60))
        .as(
            (tenant, workloads, name) -> {
              Map<String, Object> claim = ClaimFixtures.apiClaim(tenants.get(tenant));
              claim.put("workloads", new ArrayList<>(workloads));
              claim.put("claimName", name);
              return claim;
            });
  }

  private Arbitrary<Map<String, Object>> mutatedClaims() {
    Arbitrary<Object> badValues =
        Arbitraries.oneOf(
            Arbitraries.just(null),
            Arbitraries.just(""),
            Arbitraries.just("   "),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.just(Map.of("nested", true)),
            Arbitraries.just(List.of(1, 2)),
            Arbitraries.just(true),
            Arbitraries.strings().ofMinLength(0).ofMaxLength(30).map(s -> (Object) s),
            Arbitraries.strings()
                .withCharRange('\u0000', '\uffff')
                .ofMaxLength(50)
                .map(s -> (Object) s),
            Arbitraries.integers().between(100, 6000).map(n -> (Object) "x".repeat(n)),
            Arbitraries.just("not-a-guid"),
            Arbitraries.just("AZURE"),
            Arbitraries.just("nobody@"),
            Arbitraries.just(UUID.randomUUID().toString()));
    return Combinators.combine(
            validClaims(),
            Arbitraries.of(FIELDS).list().ofMinSize(1).ofMaxSize(4),
            badValues.list().ofSize(4),
            Arbitraries.of(true, false))
        .as(
            (claim, fields, values, remove) -> {
              Map<String, Object> mutated = new HashMap<>(claim);
              for (int i = 0; i < fields.size(); i++) {
                if (remove && i == 0) {
                  mutated.remove(fields.get(i));
                } else {
                  mutated.put(fields.get(i), values.get(i));
                }
              }
              return mutated;
            });
  }

  private Arbitrary<String> brokenBodies() {
    return Arbitraries.oneOf(
        validClaims()
            .map(PartnerApiFuzzTest::write)
            .flatMap(
                json ->
                    Arbitraries.integers()
                        .between(0, json.length() - 1)
                        .map(cut -> json.substring(0, cut))),
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.of(
            "",
            "null",
            "[]",
            "42",
            "\"claim\"",
            "{\"workloads\": {}}",
            "{\"claimName\": [\"a\"]}"));
  }

  private Arbitrary<Call> wrongContentTypes() {
    return validClaims()
        .map(PartnerApiFuzzTest::write)
        .flatMap(
            json ->
                Arbitraries.of(
                    new Call("POST", "/api/claims", "text/plain", json),
                    new Call("POST", "/api/claims", "application/xml", "<claim/>"),
                    new Call(
                        "POST", "/api/claims", "multipart/form-data; boundary=x", "--x\r\nbroken"),
                    new Call("POST", "/api/claims", null, json),
                    new Call("PUT", "/api/claims", "application/json", json),
                    new Call("DELETE", "/api/claims/CPOR-1000", null, "")));
  }

  private Arbitrary<Call> otherEndpoints() {
    Arbitrary<String> ids =
        Arbitraries.oneOf(
            Arbitraries.integers().between(900, 1100).map(n -> "CPOR-" + n),
            Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(80));
    Arbitrary<String> params =
        Arbitraries.of(
            "status=UNDER_REVIEW",
            "status=nope",
            "page=-1",
            "size=0",
            "size=101",
            "page=abc",
            "page=99999999999",
            "size=5&page=2",
            "cursor=abc",
            "cursor=Y2xhaW1zfDF8Mnw",
            "cursor=&page=1",
            "total=yes",
            "total=true&status=OFFICIAL",
            "");
    Arbitrary<String> associationParams =
        Arbitraries.of(
            "customerTenantId=not-a-guid",
            "workload=" + "x".repeat(120),
            "subscriptionId=00000000-0000-0000-0000-000000000000",
            "status=ENDED",
            "status=SUPERSEDED&size=100",
            "size=101",
            "cursor=%25%25",
            "cursor=YXNzb2NpYXRpb25zfDF8Mnx4",
            "");
    return Arbitraries.oneOf(
        params.map(p -> new Call("GET", "/api/claims?" + p, null, "")),
        ids.map(id -> new Call("GET", "/api/claims/" + id, null, "")),
        ids.map(
            id ->
                new Call(
                    "POST",
                    "/api/claims/" + id + "/information",
                    "application/json",
                    "{\"answer\": \"x\"}")),
        ids.map(
            id ->
                new Call(
                    "POST",
                    "/api/claims/" + id + "/information",
                    "application/json",
                    "{\"answer\": 5")),
        ids.map(
            id -> new Call("POST", "/api/claims/" + id + "/withdraw", "application/json", "{}")),
        ids.map(id -> new Call("GET", "/api/claims/" + id + "/proof-of-execution", null, "")),
        associationParams.map(p -> new Call("GET", "/api/associations?" + p, null, "")),
        associationParams.map(p -> new Call("GET", "/api/associations.csv?" + p, null, "")),
        params.map(p -> new Call("GET", "/api/claims.csv?" + p, null, "")));
  }

  private static Call post(String body) {
    return new Call("POST", "/api/claims", "application/json", body);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
