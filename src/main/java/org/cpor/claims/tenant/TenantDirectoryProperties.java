package org.cpor.claims.tenant;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which tenant directory the automated checks ask, and how Microsoft Entra ID is asked.
 *
 * @param type {@code table} (the demo table, works offline) or {@code entra}
 * @param entra how Microsoft Entra ID is asked when {@code type} is {@code entra}
 */
@ConfigurationProperties("cpor.tenant-directory")
record TenantDirectoryProperties(@DefaultValue("table") Type type, @DefaultValue Entra entra) {

  enum Type {
    TABLE,
    ENTRA
  }

  /**
   * @param baseUrl where the OpenID configurations are published (a sovereign cloud has its own)
   * @param connectTimeout how long a connection may take
   * @param readTimeout how long an answer may take once asked
   * @param foundTtl how long a domain's tenant is remembered (a domain rarely moves to another
   *     tenant)
   * @param notFoundTtl how long "no tenant has the domain" is remembered (a customer may be adding
   *     it now)
   * @param cacheSize how many domains are remembered at most
   * @param retry how a failed call is tried again
   * @param circuitBreaker when Entra is no longer asked after repeated failures
   */
  record Entra(
      @DefaultValue("https://login.microsoftonline.com") URI baseUrl,
      @DefaultValue("1s") Duration connectTimeout,
      @DefaultValue("2s") Duration readTimeout,
      @DefaultValue("24h") Duration foundTtl,
      @DefaultValue("1h") Duration notFoundTtl,
      @DefaultValue("100000") long cacheSize,
      @DefaultValue Retry retry,
      @DefaultValue CircuitBreaker circuitBreaker) {}

  /**
   * @param maxAttempts calls per lookup, the first included; only timeouts, connection failures,
   *     HTTP 429 and 5xx are tried again
   * @param backoff the wait before the second call; doubled before each further one
   */
  record Retry(@DefaultValue("2") int maxAttempts, @DefaultValue("100ms") Duration backoff) {}

  /**
   * @param failureRateThreshold percentage of failed calls among the last {@code slidingWindow}
   *     that opens the circuit
   * @param slidingWindow how many recent calls are weighed
   * @param minimumCalls calls needed before the failure rate counts
   * @param waitInOpen how long Entra is not asked once the circuit is open
   * @param callsInHalfOpen trial calls after that wait; if enough of them succeed the circuit
   *     closes
   */
  record CircuitBreaker(
      @DefaultValue("50") float failureRateThreshold,
      @DefaultValue("20") int slidingWindow,
      @DefaultValue("10") int minimumCalls,
      @DefaultValue("30s") Duration waitInOpen,
      @DefaultValue("3") int callsInHalfOpen) {}
}
