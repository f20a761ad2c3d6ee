package org.cpor.claims.tenant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.cpor.claims.support.EntraStub.domain;
import static org.cpor.claims.support.EntraStub.malformed;
import static org.cpor.claims.support.EntraStub.noTenant;
import static org.cpor.claims.support.EntraStub.outage;
import static org.cpor.claims.support.EntraStub.requestsFor;
import static org.cpor.claims.support.EntraStub.tenant;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.Status;

/**
 * The Entra adapter against a local stub that answers as Microsoft Entra does: timeouts, retries,
 * the circuit breaker and the cache, with small settings and a clock the test moves.
 */
class EntraTenantDirectoryTest {

  @RegisterExtension
  static WireMockExtension entra =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final TestClock clock = new TestClock();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private EntraTenantDirectory directory;

  @BeforeEach
  void setUp() {
    // Read timeout 300 ms; 2 calls per lookup, 10 ms apart; the circuit opens when the last 4 calls
    // all failed, stays open 30 s, then closes after 2 good trial calls.
    TenantDirectoryProperties.Entra settings =
        new TenantDirectoryProperties.Entra(
            URI.create(entra.baseUrl()),
            Duration.ofMillis(500),
            Duration.ofMillis(300),
            Duration.ofHours(24),
            Duration.ofHours(1),
            1_000,
            new TenantDirectoryProperties.Retry(2, Duration.ofMillis(10)),
            new TenantDirectoryProperties.CircuitBreaker(100, 4, 4, Duration.ofSeconds(30), 2));
    directory = new EntraTenantDirectory(settings, meters, clock, clock::nanos);
  }

  @Test
  void theIssuerNamesTheDomainsTenantAndAADSTS90002MeansNoTenant() {
    String tenantId = UUID.randomUUID().toString();
    entra.stubFor(domain("contoso.example.com").willReturn(tenant(tenantId.toUpperCase())));
    entra.stubFor(domain("nobody.example.com").willReturn(noTenant("nobody.example.com")));

    assertThat(directory.tenantOf(" Contoso.Example.com "))
        .isEqualTo(new TenantLookup.Found(tenantId));
    assertThat(directory.tenantOf("nobody.example.com")).isEqualTo(new TenantLookup.NoTenant());
  }

  @Test
  void circuitOpensAfterRepeatedFailuresAndClosesAgain() {
    entra.stubFor(domain("down.example.com").willReturn(outage()));

    // Two lookups of two calls each: four failures.
    assertThat(directory.tenantOf("down.example.com")).isInstanceOf(TenantLookup.Unavailable.class);
    assertThat(directory.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(directory.tenantOf("down.example.com")).isInstanceOf(TenantLookup.Unavailable.class);
    assertThat(directory.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(directory.health().getStatus()).isEqualTo(EntraTenantDirectory.DEGRADED);
    assertThat(directory.health().getDetails()).containsEntry("circuit", "OPEN");
    assertThat(meters.get("cpor.tenant.directory.circuit.open").gauge().value()).isEqualTo(1);
    entra.verify(4, requestsFor("down.example.com"));

    // Open: answered at once without asking Entra, even where Entra would answer.
    String tenantId = UUID.randomUUID().toString();
    entra.stubFor(domain("up.example.com").willReturn(tenant(tenantId)));
    TenantLookup meanwhile = directory.tenantOf("up.example.com");
    assertThat(meanwhile).isInstanceOf(TenantLookup.Unavailable.class);
    assertThat(((TenantLookup.Unavailable) meanwhile).reason()).contains("not asked");
    entra.verify(0, requestsFor("up.example.com"));

    // 30 s later Entra is tried again; two good answers close the circuit.
    clock.advance(Duration.ofSeconds(31));
    assertThat(directory.tenantOf("up.example.com")).isEqualTo(new TenantLookup.Found(tenantId));
    entra.stubFor(domain("down.example.com").willReturn(tenant(tenantId)));
    assertThat(directory.tenantOf("down.example.com")).isEqualTo(new TenantLookup.Found(tenantId));
    assertThat(directory.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(directory.health().getStatus()).isEqualTo(Status.UP);
    assertThat(meters.get("cpor.tenant.directory.circuit.open").gauge().value()).isZero();
  }

  @Test
  void aFailedTrialOpensTheCircuitAgain() {
    entra.stubFor(domain("down.example.com").willReturn(outage()));
    directory.tenantOf("down.example.com");
    directory.tenantOf("down.example.com");
    assertThat(directory.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

    clock.advance(Duration.ofSeconds(31));
    directory.tenantOf("down.example.com");

    assertThat(directory.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
  }

  @Test
  void aTransientFailureIsTriedOnceMore() {
    String tenantId = UUID.randomUUID().toString();
    entra.stubFor(
        domain("flaky.example.com")
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(outage())
            .willSetStateTo("recovered"));
    entra.stubFor(
        domain("flaky.example.com")
            .inScenario("flaky")
            .whenScenarioStateIs("recovered")
            .willReturn(tenant(tenantId)));

    assertThat(directory.tenantOf("flaky.example.com")).isEqualTo(new TenantLookup.Found(tenantId));
    entra.verify(2, requestsFor("flaky.example.com"));
  }

  @Test
  void aSlowAnswerIsUnavailableAfterTheReadTimeout() {
    entra.stubFor(
        domain("slow.example.com")
            .willReturn(tenant(UUID.randomUUID().toString()).withFixedDelay(1_000)));

    TenantLookup answer = directory.tenantOf("slow.example.com");

    assertThat(answer)
        .isEqualTo(new TenantLookup.Unavailable("Microsoft Entra did not answer within 300 ms"));
    entra.verify(2, requestsFor("slow.example.com"));
  }

  @Test
  void answersThatNameNoTenantAreUnavailableAndNotTriedAgain() {
    entra.stubFor(domain("garbled.example.com").willReturn(malformed()));
    entra.stubFor(domain("placeholder.example.com").willReturn(tenant("{tenantid}")));
    entra.stubFor(
        domain("refused.example.com")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"error\":\"invalid_request\",\"error_codes\":[900023]}")));

    assertThat(directory.tenantOf("garbled.example.com"))
        .isEqualTo(
            new TenantLookup.Unavailable("Microsoft Entra's answer names no tenant (not JSON)"));
    assertThat(directory.tenantOf("placeholder.example.com"))
        .isEqualTo(
            new TenantLookup.Unavailable(
                "Microsoft Entra's answer names no tenant (issuer "
                    + "https://login.microsoftonline.com/{tenantid}/v2.0)"));
    assertThat(directory.tenantOf("refused.example.com"))
        .isEqualTo(new TenantLookup.Unavailable("Microsoft Entra answered HTTP 400"));
    entra.verify(1, requestsFor("garbled.example.com"));
    entra.verify(1, requestsFor("refused.example.com"));
  }

  @Test
  void aDomainsTenantIsRememberedForADayNoTenantForAnHourAndFailuresNotAtAll() {
    String tenantId = UUID.randomUUID().toString();
    entra.stubFor(domain("found.example.com").willReturn(tenant(tenantId)));
    entra.stubFor(domain("nobody.example.com").willReturn(noTenant("nobody.example.com")));
    entra.stubFor(domain("down.example.com").willReturn(outage()));

    for (int i = 0; i < 3; i++) {
      directory.tenantOf("found.example.com");
      directory.tenantOf("nobody.example.com");
    }
    assertThat(directory.tenantOf("down.example.com")).isInstanceOf(TenantLookup.Unavailable.class);
    entra.stubFor(domain("down.example.com").willReturn(tenant(tenantId)));
    assertThat(directory.tenantOf("down.example.com")).isEqualTo(new TenantLookup.Found(tenantId));
    entra.verify(1, requestsFor("found.example.com"));
    entra.verify(1, requestsFor("nobody.example.com"));
    entra.verify(3, requestsFor("down.example.com"));
    assertThat(lookups("found", "hit")).isEqualTo(2);
    assertThat(lookups("found", "miss")).isEqualTo(2);
    assertThat(lookups("no_tenant", "hit")).isEqualTo(2);
    assertThat(lookups("unavailable", "miss")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(61));
    directory.tenantOf("found.example.com");
    directory.tenantOf("nobody.example.com");
    entra.verify(1, requestsFor("found.example.com"));
    entra.verify(2, requestsFor("nobody.example.com"));

    clock.advance(Duration.ofHours(23));
    directory.tenantOf("found.example.com");
    entra.verify(2, requestsFor("found.example.com"));
  }

  private double lookups(String outcome, String cache) {
    return meters
        .get("cpor.tenant.directory.lookups")
        .tag("outcome", outcome)
        .tag("cache", cache)
        .counter()
        .count();
  }

  /** A clock that moves only when told: the circuit breaker's and the cache's time. */
  static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-11-30T09:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    long nanos() {
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
