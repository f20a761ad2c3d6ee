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
                  SolutionArea.BUSINESS_APPLICATIONS, List.of("Dynamics 365 Sales", "Power BI"))));

  static final String SUBSCRIPTION = "0B8C2D6E-1F3A-4B5C-9D7E-8F9A0B1C2D3E";
  static final Claim.Contact TECHNICAL = new Claim.Contact("Terry Tech", "terry@contoso.com");

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
            null,
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
            "activity: REVENUE_ASSOCIATION is only for solution area BUSINESS_APPLICATIONS",
            "solutionSellerName: is required",
            "customerName: is required",
            "isvProductName: is required");
  }

  @Test
  void preSalesAndBusinessApplicationsClaimASubscription() {
    String rule =
        "subscriptionId: must be the customer's subscription ID (a GUID) for PRE_SALES and"
            + " BUSINESS_APPLICATIONS claims";
    assertThat(rules.violations(claim("BUSINESS_APPLICATIONS", "USAGE", List.of("Power BI"), null)))
        .containsExactly("subscriptionId: is required");
    assertThat(rules.violations(claim("MICROSOFT_365", "PRE_SALES", List.of("Teams"), null)))
        .containsExactly("subscriptionId: is required");
    assertThat(rules.violations(claim("MICROSOFT_365", "PRE_SALES", List.of("Teams"), "sub-1")))
        .containsExactly(rule);
    Claim preSales = claim("MICROSOFT_365", "PRE_SALES", List.of("Teams"), SUBSCRIPTION);
    assertThat(rules.violations(preSales)).isEmpty();
    assertThat(preSales.perSubscription()).isTrue();
    assertThat(preSales.itemList())
        .isEqualTo("Teams (subscription 0b8c2d6e-1f3a-4b5c-9d7e-8f9a0b1c2d3e)");

    // Usage of Microsoft 365 is held per workload; a subscription ID, if sent, is still a GUID.
    Claim usage = claim("MICROSOFT_365", "USAGE", List.of("Teams"), null);
    assertThat(usage.perSubscription()).isFalse();
    assertThat(rules.violations(claim("MICROSOFT_365", "USAGE", List.of("Teams"), "x")))
        .containsExactly("subscriptionId: must be a GUID");
  }

  @Test
  void dynamics365ClaimsNameTheCustomersTechnicalContact() {
    assertThat(
            rules.violations(
                claim(
                    "BUSINESS_APPLICATIONS", "USAGE", List.of("Dynamics 365 Sales"), SUBSCRIPTION)))
        .containsExactly(
            "customerTechnicalContactName: is required",
            "customerTechnicalContactEmail: is required");
    assertThat(
            rules.violations(
                claim(
                    "BUSINESS_APPLICATIONS",
                    "USAGE",
                    List.of("Dynamics 365 Sales"),
                    SUBSCRIPTION,
                    new Claim.Contact("Terry Tech", "terry-at-contoso"),
                    null)))
        .containsExactly("customerTechnicalContactEmail: must be an email address");
    assertThat(
            rules.violations(
                claim(
                    "BUSINESS_APPLICATIONS",
                    "USAGE",
                    List.of("Dynamics 365 Sales"),
                    SUBSCRIPTION,
                    TECHNICAL,
                    null)))
        .isEmpty();
    // Power BI is Business Applications, not Dynamics 365.
    assertThat(
            rules.violations(
                claim("BUSINESS_APPLICATIONS", "USAGE", List.of("Power BI"), SUBSCRIPTION)))
        .isEmpty();
  }

  @Test
  void revenueAssociationClaimsNameTheSellerTheCustomerAndTheProduct() {
    assertThat(
            rules.violations(
                claim(
                    "BUSINESS_APPLICATIONS",
                    "REVENUE_ASSOCIATION",
                    List.of("Power BI"),
                    SUBSCRIPTION,
                    null,
                    new Claim.RevenueAssociation("Sam Seller", " ", null))))
        .containsExactly("customerName: is required", "isvProductName: is required");
    assertThat(
            rules.violations(
                claim(
                    "BUSINESS_APPLICATIONS",
                    "REVENUE_ASSOCIATION",
                    List.of("Power BI"),
                    SUBSCRIPTION,
                    null,
                    new Claim.RevenueAssociation(
                        "Sam Seller", "Contoso Ltd", "Fabrikam Insights"))))
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
            null,
            null,
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
    return claim(area, activity, workloads, subscriptionId, null, null);
  }

  private static Claim claim(
      String area,
      String activity,
      List<String> workloads,
      String subscriptionId,
      Claim.Contact technical,
      Claim.RevenueAssociation revenue) {
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
        technical,
        revenue,
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
