package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules a claim follows on its own: plain objects, no Spring, no database. */
class ClaimRulesTest {

  static final String TENANT = "0f9e8d7c-6b5a-4c3d-9e8f-7a6b5c4d3e2f";

  final ClaimRules rules =
      new ClaimRules(
          new WorkloadCatalogue(
              Map.of(
                  SolutionArea.MICROSOFT_365, List.of("Teams", "Exchange"),
                  SolutionArea.BUSINESS_APPLICATIONS, List.of("Dynamics 365 Sales"))));

  @Test
  void aCompleteClaimFollowsEveryRuleAndItsWorkloadsTakeTheCataloguesSpelling() {
    ClaimRules.Outcome outcome =
        rules.apply(claim("MICROSOFT_365", "USAGE", List.of("teams", " Exchange "), null));

    assertThat(outcome.violations()).isEmpty();
    assertThat(outcome.workloads()).containsExactly("Teams", "Exchange");
  }

  @Test
  void eachBrokenRuleNamesItsFieldAndTheRule() {
    Claim claim =
        new Claim(
            "CPOR-1",
            null,
            "12",
            "",
            "not a domain",
            "not-a-guid",
            "MICROSOFT_365",
            "USAGE",
            List.of("Teams"),
            null,
            "Chris",
            "CIO",
            "chris-at-example.com",
            "Pat",
            "pat@partner.example.com",
            "https://partner.example.com/sow.pdf",
            null,
            ClaimStatus.SUBMITTED,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThat(rules.violations(claim))
        .containsExactly(
            "partnerId: must be the partner's MPN ID (4 to 10 digits)",
            "claimName: is required",
            "customerDomain: must be a domain name such as contoso.com",
            "customerTenantId: must be a GUID",
            "customerContactEmail: must be an email address");
  }

  @Test
  void revenueAssociationIsOnlyForBusinessApplications() {
    assertThat(
            rules.violations(claim("MICROSOFT_365", "REVENUE_ASSOCIATION", List.of("Teams"), null)))
        .containsExactly(
            "activity: REVENUE_ASSOCIATION is only for solution area BUSINESS_APPLICATIONS");
  }

  @Test
  void businessApplicationsNeedTheSubscriptionId() {
    assertThat(
            rules.violations(
                claim("BUSINESS_APPLICATIONS", "USAGE", List.of("Dynamics 365 Sales"), null)))
        .containsExactly("subscriptionId: is required");
    assertThat(
            rules.violations(
                claim("BUSINESS_APPLICATIONS", "USAGE", List.of("Dynamics 365 Sales"), TENANT)))
        .isEmpty();
  }

  @Test
  void workloadsComeFromTheCatalogueOfTheSolutionArea() {
    assertThat(
            rules.violations(claim("MICROSOFT_365", "USAGE", List.of("Dynamics 365 Sales"), null)))
        .containsExactly(
            "workloads: 'Dynamics 365 Sales' is not in the catalogue for MICROSOFT_365 (allowed: Teams, Exchange)");
    assertThat(rules.violations(claim("MICROSOFT_365", "USAGE", List.of(" "), null)))
        .containsExactly("workloads: at least one workload is required");
  }

  @Test
  void valuesLongerThanTheirColumnAreRefused() {
    Claim claim = claim("MICROSOFT_365", "USAGE", List.of("Teams"), null);
    Claim longComment =
        new Claim(
            claim.id(),
            null,
            claim.partnerId(),
            claim.claimName(),
            claim.customerDomain(),
            claim.customerTenantId(),
            claim.solutionArea(),
            claim.activity(),
            claim.workloads(),
            null,
            claim.customerContactName(),
            claim.customerContactTitle(),
            claim.customerContactEmail(),
            claim.partnerContactName(),
            claim.partnerContactEmail(),
            claim.proofOfExecution(),
            "x".repeat(4001),
            ClaimStatus.SUBMITTED,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    assertThat(rules.violations(longComment))
        .containsExactly("comments: must be at most 4000 characters");
  }

  @Test
  void emailsAndPartnerIds() {
    assertThat(ClaimRules.isEmail(" chris@contoso.com ")).isTrue();
    assertThat(ClaimRules.isEmail("chris@contoso")).isFalse();
    assertThat(ClaimRules.isPartnerId("1000001")).isTrue();
    assertThat(ClaimRules.isPartnerId("100")).isFalse();
  }

  private static Claim claim(
      String area, String activity, List<String> workloads, String subscriptionId) {
    return new Claim(
        "CPOR-1",
        null,
        "1000001",
        "Teams adoption",
        "contoso.com",
        TENANT,
        area,
        activity,
        workloads,
        subscriptionId,
        "Chris Customer",
        "IT Director",
        "chris@contoso.com",
        "Pat Partner",
        "pat@partner.example.com",
        "https://partner.example.com/sow.pdf",
        "Rolled out Teams.",
        ClaimStatus.SUBMITTED,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
