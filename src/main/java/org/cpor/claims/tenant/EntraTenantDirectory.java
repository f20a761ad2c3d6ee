package org.cpor.claims.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The {@code entra} {@link TenantDirectory}: Microsoft Entra ID publishes, without authentication,
 * the OpenID configuration of every tenant under each of its verified domains ({@code
 * <base-url>/<domain>/v2.0/.well-known/openid-configuration}); its {@code issuer} names the tenant
 * ({@code https://login.microsoftonline.com/<tenant id>/v2.0}), and a domain no tenant has is
 * answered with HTTP 400 and error AADSTS90002.
 *
 * <p>Answers are cached (found ones longer than "no tenant"); a failed call is tried again after a
 * backoff, and after repeated failures a circuit breaker stops asking for a while, so that an
 * outage costs a claim milliseconds, not timeouts. A lookup that fails is {@link
 * TenantLookup.Unavailable}, never cached and never thrown.
 */
final class EntraTenantDirectory implements TenantDirectory {

  private static final Logger log = LoggerFactory.getLogger(EntraTenantDirectory.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The issuer of a tenant's v2.0 configuration; the host differs in sovereign clouds. */
  private static final Pattern ISSUER =
      Pattern.compile(
          "^https://[^/]+/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/v2\\.0/?$");

  /** Entra's error code for "no tenant has this domain". */
  private static final int NO_SUCH_TENANT = 90002;

  /** Only a host name reaches the URL's path (the claim's rules have checked it already). */
  private static final Pattern HOST_NAME =
      Pattern.compile("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

  /**
   * The health status while Entra is not asked: claims are still accepted, flagged for the
   * validator.
   */
  static final Status DEGRADED =
      new Status(
          "DEGRADED",
          "Microsoft Entra is not asked after repeated failures; "
              + "claims are accepted and flagged 'Tenant could not be verified'");

  private final String baseUrl;
  private final Duration readTimeout;
  private final HttpClient http;
  private final Cache<String, TenantLookup> answers;
  private final CircuitBreaker circuit;
  private final Retry retry;
  private final MeterRegistry meters;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  EntraTenantDirectory(TenantDirectoryProperties.Entra settings, MeterRegistry meters) {
    this(settings, meters, Clock.systemUTC(), Ticker.systemTicker());
  }

  /** With the circuit breaker's clock and the cache's ticker, so that tests can let time pass. */
  EntraTenantDirectory(
      TenantDirectoryProperties.Entra settings, MeterRegistry meters, Clock clock, Ticker ticker) {
    this.baseUrl = settings.baseUrl().toString().replaceAll("/+$", "");
    this.readTimeout = settings.readTimeout();
    this.meters = meters;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.answers =
        Caffeine.newBuilder()
            .maximumSize(settings.cacheSize())
            .ticker(ticker)
            .expireAfter(
                Expiry.<String, TenantLookup>writing(
                    (domain, answer) ->
                        answer instanceof TenantLookup.Found
                            ? settings.foundTtl()
                            : settings.notFoundTtl()))
            .build();

    TenantDirectoryProperties.CircuitBreaker breaker = settings.circuitBreaker();
    this.circuit =
        CircuitBreaker.of(
            "entra-tenant-directory",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindow())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .waitDurationInOpenState(breaker.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(breaker.callsInHalfOpen())
                .recordException(Failure.class::isInstance)
                .clock(clock)
                .build());
    this.circuit
        .getEventPublisher()
        .onStateTransition(
            event -> {
              CircuitBreaker.State to = event.getStateTransition().getToState();
              if (to == CircuitBreaker.State.CLOSED) {
                log.info("Microsoft Entra tenant directory: circuit CLOSED, Entra answers again");
              } else {
                log.warn(
                    "Microsoft Entra tenant directory: circuit {} → {}; meanwhile claims are accepted and flagged "
                        + "'Tenant could not be verified'",
                    event.getStateTransition().getFromState(),
                    to);
              }
            });
    this.retry =
        Retry.of(
            "entra-tenant-directory",
            RetryConfig.custom()
                .maxAttempts(settings.retry().maxAttempts())
                .intervalFunction(
                    IntervalFunction.ofExponentialBackoff(settings.retry().backoff(), 2.0))
                .retryOnException(failure -> failure instanceof Failure f && f.worthRetrying)
                .build());
    Gauge.builder(
            "cpor.tenant.directory.circuit.open",
            circuit,
            c -> c.getState() == CircuitBreaker.State.OPEN ? 1 : 0)
        .description("1 while Microsoft Entra is not asked after repeated failures")
        .register(meters);
  }

  @Override
  public TenantLookup tenantOf(String domain) {
    String key = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
    if (!HOST_NAME.matcher(key).matches()) {
      return counted(new TenantLookup.NoTenant(), "none");
    }
    TenantLookup remembered = answers.getIfPresent(key);
    if (remembered != null) {
      return counted(remembered, "hit");
    }
    TenantLookup answer = ask(key);
    if (!(answer instanceof TenantLookup.Unavailable)) {
      answers.put(key, answer);
    }
    return counted(answer, "miss");
  }

  CircuitBreaker.State circuitState() {
    return circuit.getState();
  }

  /**
   * The {@code tenantDirectory} health component: never DOWN, since claims are accepted either way.
   */
  Health health() {
    CircuitBreaker.State state = circuit.getState();
    Health.Builder health =
        state == CircuitBreaker.State.CLOSED ? Health.up() : Health.status(DEGRADED);
    return health
        .withDetail("type", "entra")
        .withDetail("baseUrl", baseUrl)
        .withDetail("circuit", state.name())
        .withDetail("failureRate", circuit.getMetrics().getFailureRate())
        .withDetail("cachedDomains", answers.estimatedSize())
        .build();
  }

  private TenantLookup ask(String domain) {
    try {
      return retry.executeSupplier(() -> circuit.executeSupplier(() -> call(domain)));
    } catch (CallNotPermittedException open) {
      return new TenantLookup.Unavailable(
          "Microsoft Entra is not asked for a while after repeated failures");
    } catch (Failure failure) {
      log.warn(
          "Microsoft Entra tenant directory: no answer for {}: {}", domain, failure.getMessage());
      return new TenantLookup.Unavailable(failure.getMessage());
    } catch (RuntimeException unexpected) {
      log.error("Microsoft Entra tenant directory: unexpected error for {}", domain, unexpected);
      return new TenantLookup.Unavailable(
          "unexpected error: " + unexpected.getClass().getSimpleName());
    }
  }

  private TenantLookup call(String domain) {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(baseUrl + "/" + domain + "/v2.0/.well-known/openid-configuration"))
            .timeout(readTimeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpConnectTimeoutException timeout) {
      throw new Failure("Microsoft Entra could not be reached (connect timeout)", true);
    } catch (HttpTimeoutException timeout) {
      throw new Failure(
          "Microsoft Entra did not answer within " + readTimeout.toMillis() + " ms", true);
    } catch (IOException unreachable) {
      throw new Failure(
          "Microsoft Entra could not be reached (" + unreachable.getClass().getSimpleName() + ")",
          true);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new Failure("the lookup was interrupted", false);
    }
    int status = response.statusCode();
    if (status == 200) {
      return new TenantLookup.Found(tenantOfIssuer(response.body()));
    }
    if (status == 400 && noSuchTenant(response.body())) {
      return new TenantLookup.NoTenant();
    }
    // Overload and server errors pass; anything else is an answer we do not understand.
    throw new Failure("Microsoft Entra answered HTTP " + status, status == 429 || status >= 500);
  }

  private static String tenantOfIssuer(String body) {
    JsonNode configuration = json(body);
    String issuer = configuration == null ? null : configuration.path("issuer").asText(null);
    Matcher tenant = issuer == null ? null : ISSUER.matcher(issuer);
    if (tenant == null || !tenant.matches()) {
      throw new Failure(
          "Microsoft Entra's answer names no tenant"
              + (configuration == null
                  ? " (not JSON)"
                  : issuer == null ? " (no issuer)" : " (issuer " + abbreviate(issuer) + ")"),
          false);
    }
    return TenantIds.key(tenant.group(1));
  }

  /**
   * The AADSTS90002 answer: {@code "error_codes": [90002]}, its description starting with
   * "AADSTS90002:".
   */
  private static boolean noSuchTenant(String body) {
    JsonNode error = json(body);
    if (error == null) {
      return false;
    }
    for (JsonNode code : error.path("error_codes")) {
      if (code.asInt() == NO_SUCH_TENANT) {
        return true;
      }
    }
    return error.path("error_description").asText("").startsWith("AADSTS" + NO_SUCH_TENANT + ":");
  }

  private static JsonNode json(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException notJson) {
      return null;
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "…";
  }

  private TenantLookup counted(TenantLookup answer, String cache) {
    String outcome =
        answer instanceof TenantLookup.Found
            ? "found"
            : answer instanceof TenantLookup.NoTenant ? "no_tenant" : "unavailable";
    // Looked up once per pair: registering on every lookup would cost more than a cache hit.
    counters
        .computeIfAbsent(
            outcome + "/" + cache,
            pair ->
                Counter.builder("cpor.tenant.directory.lookups")
                    .description(
                        "Lookups of a domain's tenant in Microsoft Entra, by outcome and by whether the cache answered")
                    .tag("outcome", outcome)
                    .tag("cache", cache)
                    .register(meters))
        .increment();
    return answer;
  }

  /** A call that gave no usable answer; timeouts, unreachable, 429 and 5xx are worth retrying. */
  static final class Failure extends RuntimeException {
    final boolean worthRetrying;

    Failure(String message, boolean worthRetrying) {
      // No stack trace: the message says all, and an outage would fill the log with them.
      super(message, null, false, false);
      this.worthRetrying = worthRetrying;
    }
  }
}
