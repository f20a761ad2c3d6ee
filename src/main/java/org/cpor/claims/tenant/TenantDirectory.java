package org.cpor.claims.tenant;

import java.util.Optional;

/**
 * Knows which domain name belongs to a customer tenant (directory) ID. The default implementation is a
 * table; a deployment that can ask Microsoft Entra ID plugs in its own.
 */
public interface TenantDirectory {

  /** The tenant's registered primary domain, or empty when the directory does not know the tenant. */
  Optional<String> domainOf(String tenantId);
}
