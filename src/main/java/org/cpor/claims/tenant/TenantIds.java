package org.cpor.claims.tenant;

import java.util.Locale;

/**
 * Tenant (directory) IDs are GUIDs, the same in any case: stored and compared in lower case, so
 * that lookups use their indexes instead of lower() on every row.
 */
public final class TenantIds {

  private TenantIds() {}

  public static String key(String tenantId) {
    return tenantId == null ? null : tenantId.trim().toLowerCase(Locale.ROOT);
  }
}
