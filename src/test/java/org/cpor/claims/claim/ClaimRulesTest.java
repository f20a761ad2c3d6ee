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
  static final String[] TECHNICAL = {"Terry Tech", "terry@contoso.com"};

  @Test
  void aCompleteClaimFollowsEveryRuleAndItsWorkloadsTakeTheCataloguesSpelling() {
    ClaimRules.Outcome outcome =
        rules.apply(claim("MICROSOFT_365", "USAGE", List.of("teams", " Exchange "), null));

    assertThat(outcome.violations()).isEmpty();
    assertThat(outcome.workloads()).containsExactly("Teams", "Exchange");
  }

  @Test
  void eachBrokenRuleNamesItsFieldAndTheRule() {
    Draft draft = new Draft("MICROSOFT_365", "USAGE", List.of("Teams"), null);
    draft.claimName = "";
    draft.customerDomain = "not a domain";
    draft.customerTenantId = "not-a-guid";
    draft.customerContactEmail = "chris-at-example.com";
    Claim claim = draft.claim("12");

    assertThat(rules.violations(claim))
        .containsExactly(
            "partnerId: must be the partner's MPN ID (4 to 10 digits)",
            "claimName: is required",
            "customerDomain: must be a domain name such as contoso.com",
            "customerTenantId: must be a GUID",
            "customerContactEmail: must be an email address");
  }

  @Test
  void aDraftMayLeaveFieldsEmptyButKeepsEveryFormat() {
    Draft draft = new Draft(null, "USAGE", List.of(), "not-a-guid");
    draft.claimName = "";
    draft.customerDomain = null;
    draft.customerTenantId = "not-a-guid";
    draft.customerContactEmail = "chris-at-example.com";
    Claim claim = draft.claim("1000001");

    assertThat(rules.draftViolations(claim))
        .containsExactly(
            "customerTenantId: must be a GUID",
            "customerContactEmail: must be an email address",
            "subscriptionId: must be a GUID");
    assertThat(rules.violations(claim))
        .contains(
            "claimName: is required",
            "solutionArea: is required",
            "workloads: at least one workload is required");
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
    assertThat(preSales.content().perSubscription()).isTrue();
    assertThat(preSales.content().itemList())
        .isEqualTo("Teams (subscription 0b8c2d6e-1f3a-4b5c-9d7e-8f9a0b1c2d3e)");

    // Usage of Microsoft 365 is held per workload; a subscription ID, if sent, is still a GUID.
    Claim usage = claim("MICROSOFT_365", "USAGE", List.of("Teams"), null);
    assertThat(usage.content().perSubscription()).isFalse();
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
                    new String[] {"Terry Tech", "terry-at-contoso"},
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
                    new String[] {"Sam Seller", " ", null})))
        .containsExactly("customerName: is required", "isvProductName: is required");
    assertThat(
            rules.violations(
                claim(
                    "BUSINESS_APPLICATIONS",
                    "REVENUE_ASSOCIATION",
                    List.of("Power BI"),
                    SUBSCRIPTION,
                    null,
                    new String[] {"Sam Seller", "Contoso Ltd", "Fabrikam Insights"})))
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
    Draft draft = new Draft("MICROSOFT_365", "USAGE", List.of("Teams"), null);
    draft.comments = "x".repeat(4001);
    Claim longComment = draft.claim("1000001");

    assertThat(rules.violations(longComment))
        .containsExactly("comments: must be at most 4000 characters");
  }

  @Test
  void aSubscriptionEndDateIsAnIsoDateOfASubscriptionClaim() {
    Draft dynamics =
        new Draft("BUSINESS_APPLICATIONS", "USAGE", List.of("Dynamics 365 Sales"), SUBSCRIPTION);
    dynamics.customerTechnicalContactName = "Terry Tech";
    dynamics.customerTechnicalContactEmail = "terry@contoso.com";
    dynamics.subscriptionEndDate = "2027-06-30";
    assertThat(rules.violations(dynamics.claim("1000001"))).isEmpty();
    assertThat(dynamics.claim("1000001").content().subscriptionEndsOn())
        .isEqualTo(java.time.LocalDate.of(2027, 6, 30));

    dynamics.subscriptionEndDate = "30/06/2027";
    assertThat(rules.violations(dynamics.claim("1000001")))
        .containsExactly("subscriptionEndDate: must be a date as YYYY-MM-DD");

    Draft teams = new Draft("MICROSOFT_365", "USAGE", List.of("Teams"), null);
    teams.subscriptionEndDate = "2027-06-30";
    assertThat(rules.violations(teams.claim("1000001")))
        .containsExactly(
            "subscriptionEndDate: only for PRE_SALES and BUSINESS_APPLICATIONS claims, which hold a"
                + " subscription");
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
    return new Draft(area, activity, workloads, subscriptionId).claim("1000001");
  }

  private static Claim claim(
      String area,
      String activity,
      List<String> workloads,
      String subscriptionId,
      String[] technicalContact,
      String[] revenueAssociation) {
    Draft draft = new Draft(area, activity, workloads, subscriptionId);
    if (technicalContact != null) {
      draft.customerTechnicalContactName = technicalContact[0];
      draft.customerTechnicalContactEmail = technicalContact[1];
    }
    if (revenueAssociation != null) {
      draft.solutionSellerName = revenueAssociation[0];
      draft.customerName = revenueAssociation[1];
      draft.isvProductName = revenueAssociation[2];
    }
    return draft.claim("1000001");
  }

  /** A complete claim's content, to be changed field by field. */
  private static final class Draft {
    String claimName = "Teams adoption";
    String customerDomain = "contoso.com";
    String customerTenantId = TENANT;
    final String solutionArea;
    final String activity;
    final List<String> workloads;
    final String subscriptionId;
    String customerContactEmail = "chris@contoso.com";
    String customerTechnicalContactName;
    String customerTechnicalContactEmail;
    String comments = "Rolled out Teams.";
    String solutionSellerName;
    String customerName;
    String isvProductName;
    String subscriptionEndDate;

    Draft(String solutionArea, String activity, List<String> workloads, String subscriptionId) {
      this.solutionArea = solutionArea;
      this.activity = activity;
      this.workloads = workloads;
      this.subscriptionId = subscriptionId;
    }

    Claim claim(String partnerId) {
      return Claim.submitted(
          "CPOR-1",
          partnerId,
          "Partner Ltd",
          new ClaimContent(
              claimName,
              customerDomain,
              customerTenantId,
              solutionArea,
              activity,
              workloads,
              subscriptionId,
              "Chris Customer",
              "IT Director",
              customerContactEmail,
              customerTechnicalContactName,
              customerTechnicalContactEmail,
              "Pat Partner",
              "pat@partner.example.com",
              "https://partner.example.com/sow.pdf",
              comments,
              solutionSellerName,
              customerName,
              isvProductName,
              subscriptionEndDate,
              null,
              null));
    }
  }
}
