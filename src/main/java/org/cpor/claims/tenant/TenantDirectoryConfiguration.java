package org.cpor.claims.tenant;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tenant directory chosen by {@code cpor.tenant-directory.type}, and its health component. */
@Configuration(proxyBeanMethods = false)
class TenantDirectoryConfiguration {

  static final String TYPE = "cpor.tenant-directory.type";

  @Bean
  @ConditionalOnProperty(name = TYPE, havingValue = "table", matchIfMissing = true)
  TenantDirectory tableTenantDirectory(JdbcClient jdbc) {
    return new TableTenantDirectory(jdbc);
  }

  @Bean
  @ConditionalOnProperty(name = TYPE, havingValue = "entra")
  TenantDirectory entraTenantDirectory(TenantDirectoryProperties properties, MeterRegistry meters) {
    return new EntraTenantDirectory(properties.entra(), meters);
  }

  /**
   * Health component {@code tenantDirectory}: DEGRADED while Entra is not asked (circuit open),
   * never DOWN. It is not part of readiness: claims are still accepted, flagged for the validator.
   */
  @Bean("tenantDirectory")
  HealthIndicator tenantDirectoryHealth(TenantDirectory directory) {
    if (directory instanceof EntraTenantDirectory entra) {
      return entra::health;
    }
    return () -> Health.up().withDetail("type", "table").build();
  }
}
