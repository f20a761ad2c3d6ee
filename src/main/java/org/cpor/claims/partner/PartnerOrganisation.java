package org.cpor.claims.partner;

import java.util.List;
import java.util.Locale;

/**
 * A partner organisation as the programme knows it: the partner ID of one of its locations, its
 * name, country and website, and the email domains it has verified.
 */
public record PartnerOrganisation(
    String partnerId, String name, String country, String website, List<String> verifiedDomains) {

  public PartnerOrganisation {
    verifiedDomains = verifiedDomains == null ? List.of() : List.copyOf(verifiedDomains);
  }

  /** Whether an email address is at one of the organisation's verified domains. */
  public boolean verifies(String email) {
    if (email == null || email.indexOf('@') < 0) {
      return false;
    }
    String domain = email.substring(email.lastIndexOf('@') + 1).trim().toLowerCase(Locale.ROOT);
    return verifiedDomains.stream()
        .map(d -> d.toLowerCase(Locale.ROOT))
        .anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
  }

  /** How people read the partner: "Northwind Traders (Microsoft partner 1000001)". */
  public String label() {
    return label(name, partnerId);
  }

  /** The same wording for a partner known only by its ID and perhaps a recorded name. */
  public static String label(String name, String partnerId) {
    return name == null || name.isBlank()
        ? "Microsoft partner " + partnerId
        : name + " (Microsoft partner " + partnerId + ")";
  }
}
