package org.cpor.claims.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.identity.User;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Profile {@code oidc}: a person signing in through the OpenID provider becomes a Camunda user of
 * the identity service, with the groups the token's roles claim maps to (provisioned at every
 * sign-in: created the first time, name, mail and staff groups brought up to date afterwards).
 *
 * <p>Why provisioning rather than a read-only identity provider over the token: the engine and the
 * product ask the identity service about people who are not signed in right now. The overdue
 * reminders mail the members of {@code validator-leads}, Tasklist shows the assignee's name and
 * offers users to assign a review to, Admin lists users and groups; a token is there only for its
 * own holder during their request. Engine authorizations stay group-based (AuthorizationSetup), and
 * the groups of the session are the token's, so a role taken away in the provider counts from the
 * next sign-in on. Provisioned users have no password: Basic and Camunda's login form are off in
 * this profile.
 */
class StaffAccounts implements OAuth2UserService<OidcUserRequest, OidcUser> {

  /** Spring Security authorities that carry a Camunda group. */
  static final String GROUP_AUTHORITY = "CAMUNDA_GROUP_";

  private final OidcUserService provider = new OidcUserService();
  private final IdentityService identityService;
  private final TokenClaims claims;

  StaffAccounts(IdentityService identityService, TokenClaims claims) {
    this.identityService = identityService;
    this.claims = claims;
  }

  @Override
  public OidcUser loadUser(OidcUserRequest request) {
    OidcUser person = provider.loadUser(request);
    String userId = person.getClaimAsString(claims.userIdClaim());
    if (userId == null || userId.isBlank()) {
      throw refused("The ID token has no claim " + claims.userIdClaim() + " to name the user.");
    }
    List<String> groups =
        claims.groupsOf(person.getClaims().get(claims.rolesClaim())).stream()
            .filter(TokenClaims.STAFF_GROUPS::contains)
            .toList();
    if (!groups.isEmpty()) {
      try {
        provision(userId, person, groups);
      } catch (ProcessEngineException e) {
        throw refused("The user " + userId + " cannot be kept in the identity service: " + e);
      }
    }
    List<GrantedAuthority> authorities = new ArrayList<>(person.getAuthorities());
    groups.forEach(group -> authorities.add(new SimpleGrantedAuthority(GROUP_AUTHORITY + group)));
    return new DefaultOidcUser(
        authorities, person.getIdToken(), person.getUserInfo(), claims.userIdClaim());
  }

  /** The Camunda groups a signed-in person holds (none for anyone else). */
  static List<String> groupsOf(Authentication authentication) {
    Collection<? extends GrantedAuthority> authorities = authentication.getAuthorities();
    return authorities.stream()
        .map(GrantedAuthority::getAuthority)
        .filter(authority -> authority.startsWith(GROUP_AUTHORITY))
        .map(authority -> authority.substring(GROUP_AUTHORITY.length()))
        .toList();
  }

  private void provision(String userId, OidcUser person, List<String> groups) {
    User user = identityService.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      user = identityService.newUser(userId);
    }
    user.setFirstName(person.getGivenName() != null ? person.getGivenName() : userId);
    user.setLastName(person.getFamilyName() != null ? person.getFamilyName() : "");
    user.setEmail(person.getEmail());
    identityService.saveUser(user);
    for (String group : TokenClaims.STAFF_GROUPS) {
      boolean member =
          identityService.createUserQuery().userId(userId).memberOfGroup(group).count() > 0;
      if (groups.contains(group) && !member) {
        if (identityService.createGroupQuery().groupId(group).count() == 0) {
          identityService.saveGroup(identityService.newGroup(group));
        }
        identityService.createMembership(userId, group);
      } else if (!groups.contains(group) && member) {
        identityService.deleteMembership(userId, group);
      }
    }
  }

  private static OAuth2AuthenticationException refused(String description) {
    return new OAuth2AuthenticationException(
        new OAuth2Error("cpor_user_refused", description, null), description);
  }
}
