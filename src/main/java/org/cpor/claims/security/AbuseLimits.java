package org.cpor.claims.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request limits per key (a client address, a partner), answered with 429, {@code Retry-After} and
 * problem details. One limiter per key (Resilience4j), kept while the key is active.
 */
final class AbuseLimits {

  private final Cache<String, RateLimiter> limiters;
  private final RateLimiterConfig config;
  private final Duration period;

  AbuseLimits(int permits, Duration period) {
    this.period = period;
    this.config =
        RateLimiterConfig.custom()
            .limitForPeriod(permits)
            .limitRefreshPeriod(period)
            .timeoutDuration(Duration.ZERO)
            .build();
    this.limiters =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(period.multipliedBy(10))
            .build();
  }

  private RateLimiter of(String key) {
    return limiters.get(key, name -> RateLimiter.of(name, config));
  }

  boolean exhausted(String key) {
    return of(key).getMetrics().getAvailablePermissions() <= 0;
  }

  /** Takes one permit; false when none is left. */
  boolean take(String key) {
    return of(key).acquirePermission();
  }

  void tooMany(HttpServletResponse response, String detail) throws IOException {
    response.setStatus(429);
    response.setHeader("Retry-After", String.valueOf(Math.max(1, period.toSeconds())));
    response.setContentType("application/problem+json");
    response
        .getWriter()
        .write(
            "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\""
                + detail
                + "\"}");
  }

  /**
   * Failed logins per client address: an address that sent too many wrong passwords waits, the user
   * it tried stays free to log in from elsewhere (no per-user lock, see {@code cpor.abuse}).
   */
  static final class FailedLogins extends OncePerRequestFilter {

    private final AbuseLimits limits;

    FailedLogins(AbuseLimits limits) {
      this.limits = limits;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String address = request.getRemoteAddr();
      if (limits.exhausted(address)) {
        limits.tooMany(
            response, "Too many failed logins from this address; try again after Retry-After.");
        return;
      }
      chain.doFilter(request, response);
      if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
        limits.take(address);
      }
    }
  }

  /** Requests per partner to the partner API: one busy partner does not slow the others. */
  static final class PartnerRequests extends OncePerRequestFilter {

    private final AbuseLimits limits;
    private final Function<HttpServletRequest, String> partnerOf;

    PartnerRequests(AbuseLimits limits, Function<HttpServletRequest, String> partnerOf) {
      this.limits = limits;
      this.partnerOf = partnerOf;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String partner = partnerOf.apply(request);
      if (partner != null && !limits.take(partner)) {
        limits.tooMany(
            response,
            "Partner "
                + partner
                + " sent more requests than its limit allows; try again after Retry-After.");
        return;
      }
      chain.doFilter(request, response);
    }
  }
}
