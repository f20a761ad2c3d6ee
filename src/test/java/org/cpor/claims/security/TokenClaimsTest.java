package org.cpor.claims.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a token's roles and partner claims become the product's groups (profile oidc). */
class TokenClaimsTest {

  private final TokenClaims entraGroups =
      new TokenClaims(
          "preferred_username",
          "groups",
          "extn.partnerId",
          Map.of(
              "3f2a9c1e-0000-4000-8000-000000000001", Roles.VALIDATORS,
              "3f2a9c1e-0000-4000-8000-000000000002", Roles.VALIDATOR_LEADS,
              "CPOR.Analyst", Roles.ANALYSTS),
          false);

  @Test
  void mappedValuesAndTheGroupsOwnNamesBecomeGroupsOthersAreIgnored() {
    assertThat(
            entraGroups.groupsOf(
                List.of(
                    "3f2a9c1e-0000-4000-8000-000000000002",
                    "3f2a9c1e-0000-4000-8000-000000000001",
                    "some-other-group",
                    "CPOR.Analyst",
                    "camunda-admin",
                    "validators")))
        .containsExactly(Roles.VALIDATOR_LEADS, Roles.VALIDATORS, Roles.ANALYSTS, Roles.ADMINS);
  }

  @Test
  void aSingleValueOrNoClaimAtAll() {
    assertThat(entraGroups.groupsOf("partners")).containsExactly(Roles.PARTNERS);
    assertThat(entraGroups.groupsOf(null)).isEmpty();
  }

  @Test
  void aMappingCannotInventAGroup() {
    TokenClaims claims =
        new TokenClaims(null, null, null, Map.of("Admins", "camunda-admins"), false);
    assertThat(claims.groupsOf(List.of("Admins"))).isEmpty();
  }

  @Test
  void defaultsAreTheDocumentedClaims() {
    TokenClaims defaults = new TokenClaims(null, null, null, null, false);
    assertThat(defaults.userIdClaim()).isEqualTo("preferred_username");
    assertThat(defaults.rolesClaim()).isEqualTo("roles");
    assertThat(defaults.partnerIdClaim()).isEqualTo("partner_id");
  }

  @Test
  void thePartnerIdIsAnMpnId() {
    assertThat(entraGroups.partnerIdOf("4871234")).contains("4871234");
    assertThat(entraGroups.partnerIdOf(4871234)).contains("4871234");
    assertThat(entraGroups.partnerIdOf("123")).isEmpty();
    assertThat(entraGroups.partnerIdOf("4871234,5000000")).isEmpty();
    assertThat(entraGroups.partnerIdOf(null)).isEmpty();
  }
}
