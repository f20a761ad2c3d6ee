package org.cpor.claims.partner;

import java.util.List;
import java.util.Optional;

/**
 * Knows the partner organisations: partner ID → organisation. Today the application's own tables,
 * maintained by admins over {@code /api/admin/partners}; Partner Center's data can be plugged in
 * behind this port later, as Microsoft Entra is behind the tenant directory.
 */
public interface PartnerDirectory {

  Optional<PartnerOrganisation> find(String partnerId);

  /** The organisations of these partner IDs that the directory knows. */
  default List<PartnerOrganisation> findAll(List<String> partnerIds) {
    return partnerIds.stream().distinct().map(this::find).flatMap(Optional::stream).toList();
  }
}
