package org.cpor.claims.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which claims of the OpenID provider's tokens name the user, the roles and the partner (profile
 * {@code oidc}; {@code cpor.security} in application.yaml, docs/single-sign-on.md).
 *
 * @param userIdClaim staff ID tokens: the claim that becomes the Camunda user id
 * @param rolesClaim staff ID tokens and partner access tokens: the claim listing the roles
 * @param partnerIdClaim partner access tokens: the claim carrying the partner's MPN ID
 * @param roleMapping a claim value (an Entra app role, a group's object id) to a group of {@link
 *     Roles}; values equal to a group's name need no entry
 * @param rpInitiatedLogout log out ends the session at the provider as well
 */
@ConfigurationProperties("cpor.security")
record TokenClaims(
    String userIdClaim,
    String rolesClaim,
    String partnerIdClaim,
    Map<String, String> roleMapping,
    boolean rpInitiatedLogout) {

  /** The groups a person signing into the webapps may get from a token. */
  static final Set<String> STAFF_GROUPS =
      Set.of(Roles.VALIDATORS, Roles.VALIDATOR_LEADS, Roles.ANALYSTS, Roles.ADMINS);

  private static final Set<String> GROUPS =
      Set.of(Roles.VALIDATORS, Roles.VALIDATOR_LEADS, Roles.ANALYSTS, Roles.ADMINS, Roles.PARTNERS);

  /** An MPN ID, as the partner groups' whitelist pattern takes it. */
  private static final Pattern PARTNER_ID = Pattern.compile("[0-9]{4,10}");

  TokenClaims {
    userIdClaim = userIdClaim == null ? "preferred_username" : userIdClaim;
    rolesClaim = rolesClaim == null ? "roles" : rolesClaim;
    partnerIdClaim = partnerIdClaim == null ? "partner_id" : partnerIdClaim;
    roleMapping = roleMapping == null ? Map.of() : Map.copyOf(roleMapping);
  }

  /**
   * The product's groups that a roles claim (a list, or one value) maps to, in claim order, each
   * once.
   */
  List<String> groupsOf(Object rolesClaimValue) {
    Collection<?> values =
        rolesClaimValue instanceof Collection<?> list
            ? list
            : rolesClaimValue == null ? List.of() : List.of(rolesClaimValue);
    List<String> groups = new ArrayList<>();
    for (Object value : values) {
      String group = roleMapping.getOrDefault(String.valueOf(value), String.valueOf(value));
      if (GROUPS.contains(group) && !groups.contains(group)) {
        groups.add(group);
      }
    }
    return groups;
  }

  /** The partner's MPN ID when the claim carries one that is well formed. */
  Optional<String> partnerIdOf(Object partnerIdClaimValue) {
    return partnerIdClaimValue == null
            || !PARTNER_ID.matcher(String.valueOf(partnerIdClaimValue)).matches()
        ? Optional.empty()
        : Optional.of(String.valueOf(partnerIdClaimValue));
  }
}
