package org.cpor.claims.tenant;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The default {@link TenantDirectory}: the {@code customer_tenant} table; replace it with a {@code @Primary} bean. */
@Component
class JdbcTenantDirectory implements TenantDirectory {

  private final JdbcClient jdbc;

  JdbcTenantDirectory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<String> domainOf(String tenantId) {
    // Tenant IDs are kept in lower case (see TenantIds).
    return jdbc.sql("select domain_name from customer_tenant where tenant_id = ?")
        .param(tenantId.trim().toLowerCase(java.util.Locale.ROOT))
        .query(String.class)
        .optional();
  }
}
