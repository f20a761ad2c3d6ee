package org.cpor.claims.tenant;

import java.util.Optional;

/**
 * Knows which customer tenant (directory) a domain belongs to. Two adapters, chosen by {@code
 * cpor.tenant-directory.type}: {@code table} (the {@code customer_tenant} table, for demos and
 * offline use) and {@code entra} (Microsoft Entra ID's public OpenID configuration of each domain).
 */
public interface TenantDirectory {

  /**
   * Which tenant the domain belongs to. Never throws: a directory that cannot tell answers
   * Unavailable.
   */
  TenantLookup tenantOf(String domain);

  /**
   * The domain a directory that lists tenants (the demo table) has for this tenant, so that a
   * listed tenant claimed with another domain is still caught. Microsoft Entra does not say which
   * domains a tenant has without authentication: empty.
   */
  default Optional<String> listedDomainOf(String tenantId) {
    return Optional.empty();
  }
}
