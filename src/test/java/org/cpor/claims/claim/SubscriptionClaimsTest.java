package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.ClaimFixtures.Tenant;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pre-sales (OSA Sell) and Business Applications claims: one partner holds a customer's
 * subscription, not each workload. Two partners may hold different subscriptions of one tenant; the
 * same subscription is a competing claim and changes hands on approval.
 */
@CporSpringTest
class SubscriptionClaimsTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired ClaimRepository claims;
  @Autowired AssociationRegister associations;
  @Autowired JdbcClient jdbc;

  private ClaimDriver driver;
  private Tenant tenant;
  private String firstPartnerId;
  private String secondPartnerId;
  private Http firstPartner;
  private Http secondPartner;

  @BeforeEach
  void setUp() {
    driver = ClaimDriver.on(engine);
    tenant = ClaimFixtures.registerTenant(jdbc);
    firstPartnerId = ClaimFixtures.newPartnerId();
    secondPartnerId = ClaimFixtures.newPartnerId();
    firstPartner = TestUsers.partnerApi(identityService, port, firstPartnerId);
    secondPartner = TestUsers.partnerApi(identityService, port, secondPartnerId);
  }

  @Test
  void twoPartnersHoldDifferentSubscriptionsOfOneTenant() {
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();

    String firstClaim = submit(firstPartner, ClaimFixtures.dynamicsClaim(tenant, first));
    String secondClaim = submit(secondPartner, ClaimFixtures.dynamicsClaim(tenant, second));

    assertThat(claims.get(secondClaim).checkFindings()).doesNotContain("Competing claim");
    makeOfficial(firstClaim);
    makeOfficial(secondClaim);

    assertThat(status(firstPartner, firstClaim)).isEqualTo("OFFICIAL");
    assertThat(status(secondPartner, secondClaim)).isEqualTo("OFFICIAL");
    assertThat(associations.holdersOfSubscription(tenant.id(), first))
        .extracting(Association::partnerId, Association::workload)
        .containsExactly(tuple(firstPartnerId, "Dynamics 365 Sales"));
    assertThat(associations.holdersOfSubscription(tenant.id(), second))
        .extracting(Association::partnerId)
        .containsExactly(secondPartnerId);
    Http.Answer held = secondPartner.get("/api/associations");
    assertThat(held.json().get("content").findValuesAsText("subscriptionId"))
        .containsExactly(second);
    assertThat(held.json().get("content").findValuesAsText("customerTenantId"))
        .containsExactly(tenant.id());
    assertThat(
            firstPartner
                .get("/api/associations?subscriptionId=" + first.toUpperCase())
                .json()
                .get("content")
                .findValuesAsText("workload"))
        .containsExactly("Dynamics 365 Sales");
    assertThat(firstPartner.get("/api/associations?subscriptionId=" + second).json().get("content"))
        .isEmpty();
  }

  @Test
  void theSameSubscriptionIsACompetingClaimAndChangesHandsOnApproval() {
    String subscription = UUID.randomUUID().toString();
    String holderClaim = submit(firstPartner, ClaimFixtures.dynamicsClaim(tenant, subscription));
    makeOfficial(holderClaim);

    // Another product of the same subscription: still the same item.
    Map<String, Object> competing = ClaimFixtures.dynamicsClaim(tenant, subscription.toUpperCase());
    competing.put("workloads", List.of("Dynamics 365 Customer Service"));
    String competingClaim = submit(secondPartner, competing);

    assertThat(claims.get(competingClaim).checkFindings())
        .contains(
            "Competing claim: Dynamics 365 Sales (subscription "
                + subscription
                + ") of this tenant is officially held by "
                + ClaimFixtures.organisationName(firstPartnerId)
                + " (Microsoft partner "
                + firstPartnerId
                + ")");
    // A claim of the holder's on another subscription, or a Microsoft 365 workload claim, is not.
    Map<String, Object> workloadClaim = ClaimFixtures.apiClaim(tenant);
    assertThat(claims.get(submit(firstPartner, workloadClaim)).checkFindings())
        .doesNotContain("Competing claim");

    makeOfficial(competingClaim);

    assertThat(associations.ofClaim(holderClaim))
        .extracting(Association::status, Association::supersededByClaimId)
        .containsExactly(tuple(AssociationStatus.SUPERSEDED, competingClaim));
    assertThat(associations.holdersOfSubscription(tenant.id(), subscription))
        .extracting(Association::partnerId, Association::workload)
        .containsExactly(tuple(secondPartnerId, "Dynamics 365 Customer Service"));
    assertThat(Arrays.stream(smtp.getReceivedMessages()).map(Mails::subject))
        .contains(
            "CPOR claim "
                + holderClaim
                + ": association for Dynamics 365 Sales (subscription "
                + subscription
                + ") superseded");
    // The partner's own second claim on a subscription it holds is a duplicate.
    Http.Answer again =
        secondPartner.postJson("/api/claims", ClaimFixtures.dynamicsClaim(tenant, subscription));
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void aSubscriptionClaimNeedsItsSubscriptionAndDynamicsItsTechnicalContact() {
    Map<String, Object> missing = ClaimFixtures.dynamicsClaim(tenant, null);
    missing.remove("customerTechnicalContactEmail");
    Http.Answer answer = firstPartner.postJson("/api/claims", missing);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.problemFields()).contains("subscriptionId", "customerTechnicalContactEmail");
    assertThat(answer.json().get("detail").asText()).contains("subscriptionId: is required");

    Http.Answer malformed =
        firstPartner.postJson("/api/claims", ClaimFixtures.dynamicsClaim(tenant, "sub-42"));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.problemFields()).containsExactly("subscriptionId");
    assertThat(malformed.json().get("detail").asText())
        .contains("subscriptionId: must be the customer's subscription ID (a GUID)");

    Map<String, Object> preSales = ClaimFixtures.apiClaim(tenant);
    preSales.put("activity", "PRE_SALES");
    assertThat(firstPartner.postJson("/api/claims", preSales).problemFields())
        .containsExactly("subscriptionId");
    assertThat(
            jdbc.sql("select count(*) from claim where partner_id = ?")
                .param(firstPartnerId)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void revenueAssociationClaimsShowSellerCustomerAndProduct() {
    Map<String, Object> revenue = ClaimFixtures.dynamicsClaim(tenant, UUID.randomUUID().toString());
    revenue.put("activity", "REVENUE_ASSOCIATION");
    revenue.put("solutionSellerName", "Sam Seller");
    revenue.put("customerName", "Contoso Ltd");
    Http.Answer incomplete = firstPartner.postJson("/api/claims", revenue);
    assertThat(incomplete.status()).isEqualTo(400);
    assertThat(incomplete.problemFields()).containsExactly("isvProductName");

    revenue.put("isvProductName", "Fabrikam Insights");
    String id = submit(firstPartner, revenue);

    Http.Answer detail = firstPartner.get("/api/claims/" + id);
    assertThat(detail.json().get("solutionSellerName").asText()).isEqualTo("Sam Seller");
    assertThat(detail.json().get("customerName").asText()).isEqualTo("Contoso Ltd");
    assertThat(detail.json().get("isvProductName").asText()).isEqualTo("Fabrikam Insights");
    assertThat(detail.json().get("customerTechnicalContactName").asText()).isEqualTo("Terry Tech");
    var review = driver.openTask(driver.instanceOf(id));
    assertThat(engine.getTaskService().getVariables(review.getId()))
        .containsEntry("isvProductName", "Fabrikam Insights")
        .containsEntry("customerTechnicalContactEmail", "terry@" + tenant.domain());
  }

  @Test
  void theReadmesExamplesAreClaimsTheApiTakes() throws Exception {
    for (String example : List.of("api-claim.json", "api-claim-dynamics.json")) {
      String body = Files.readString(Path.of("docs", "examples", example));
      Http.Answer answer = firstPartner.postJson("/api/claims", body);
      assertThat(answer.status()).as(example + ": " + answer.body()).isEqualTo(201);
    }
  }

  private String submit(Http partner, Map<String, Object> claim) {
    Http.Answer answer = partner.postJson("/api/claims", claim);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  private void makeOfficial(String claimId) {
    var instance = driver.instanceOf(claimId);
    driver.approveAndNotify(instance);
    driver.optOutWindowPasses(instance);
  }

  private static String status(Http partner, String claimId) {
    return partner.get("/api/claims/" + claimId).json().get("status").asText();
  }
}
