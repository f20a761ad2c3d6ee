package org.cpor.claims.security;

import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/** Who is calling, as the engine knows it (set by the authentication filters for the request). */
@Component
public class CurrentUser {

  private final IdentityService identityService;

  public CurrentUser(IdentityService identityService) {
    this.identityService = identityService;
  }

  public Optional<String> userId() {
    Authentication authentication = identityService.getCurrentAuthentication();
    return Optional.ofNullable(authentication).map(Authentication::getUserId);
  }

  public boolean isIn(String group) {
    return groups().contains(group);
  }

  /**
   * The partner the caller works for: a member of {@code partners} and of exactly one {@code
   * partner-<MPN ID>} group. Empty for everybody else.
   */
  public Optional<String> partnerId() {
    List<String> groups = groups();
    if (!groups.contains(Roles.PARTNERS)) {
      return Optional.empty();
    }
    List<String> partnerIds =
        groups.stream()
            .filter(group -> group.startsWith(Roles.PARTNER_GROUP_PREFIX))
            .map(group -> group.substring(Roles.PARTNER_GROUP_PREFIX.length()))
            .toList();
    return partnerIds.size() == 1 ? Optional.of(partnerIds.get(0)) : Optional.empty();
  }

  private List<String> groups() {
    Authentication authentication = identityService.getCurrentAuthentication();
    return authentication == null || authentication.getGroupIds() == null
        ? List.of()
        : authentication.getGroupIds();
  }
}
