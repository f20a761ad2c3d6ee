package org.cpor.claims.tenant;

import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code table} {@link TenantDirectory}: the {@code customer_tenant} table, which lists a few
 * tenants (the demo's). A domain it does not list is {@link TenantLookup.NotListed}, never "no
 * tenant".
 */
class TableTenantDirectory implements TenantDirectory {

  private final JdbcClient jdbc;

  TableTenantDirectory(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public TenantLookup tenantOf(String domain) {
    // A table of a few rows: no index on the domain. Should two tenants list one domain, the answer
    // is the same every time.
    return jdbc
        .sql(
            "select tenant_id from customer_tenant where lower(domain_name) = ? order by tenant_id")
        .param(domain.trim().toLowerCase(Locale.ROOT))
        .query(String.class)
        .list()
        .stream()
        .findFirst()
        .<TenantLookup>map(tenantId -> new TenantLookup.Found(TenantIds.key(tenantId)))
        .orElseGet(TenantLookup.NotListed::new);
  }

  @Override
  public Optional<String> listedDomainOf(String tenantId) {
    // Tenant IDs are kept in lower case (see TenantIds).
    return jdbc.sql("select domain_name from customer_tenant where tenant_id = ?")
        .param(TenantIds.key(tenantId))
        .query(String.class)
        .optional();
  }
}
