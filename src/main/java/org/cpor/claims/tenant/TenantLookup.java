package org.cpor.claims.tenant;

/** What a tenant directory answers when asked which customer tenant a domain belongs to. */
public sealed interface TenantLookup {

  /** The domain belongs to this tenant (its ID in lower case, see {@link TenantIds}). */
  record Found(String tenantId) implements TenantLookup {}

  /** No tenant has the domain: the directory is sure (Microsoft Entra's AADSTS90002). */
  record NoTenant() implements TenantLookup {}

  /**
   * The directory does not list the domain, which says nothing about who owns it: the demo table
   * lists a few tenants only.
   */
  record NotListed() implements TenantLookup {}

  /** The directory could not be asked or gave no usable answer; says why, for the validator. */
  record Unavailable(String reason) implements TenantLookup {}
}
