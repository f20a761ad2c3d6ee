package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.cpor.claims.client.ApiClient;
import org.cpor.claims.client.ApiException;
import org.cpor.claims.client.ApiResponse;
import org.cpor.claims.client.api.ClaimsApi;
import org.cpor.claims.client.api.PartnerOrganisationsApi;
import org.cpor.claims.client.model.Answer;
import org.cpor.claims.client.model.AssociationView;
import org.cpor.claims.client.model.ClaimContent;
import org.cpor.claims.client.model.Detail;
import org.cpor.claims.client.model.FieldError;
import org.cpor.claims.client.model.Problem;
import org.cpor.claims.client.model.Withdrawal;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A partner's system on the Java client generated from the committed contract
 * (src/test/resources/openapi/partner-api.json, see pom.xml): if the contract and the application
 * part ways, this journey or the contract test fails.
 */
@CporSpringTest
class GeneratedClientJourneyTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  private String partnerId;
  private ApiClient client;
  private ClaimsApi claims;
  private ClaimDriver driver;

  @BeforeEach
  void setUp() {
    partnerId = ClaimFixtures.newPartnerId();
    String user = TestUsers.partner(identityService, partnerId);
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
    client = new ApiClient();
    client.updateBaseUri("http://localhost:" + port);
    client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + basic));
    claims = new ClaimsApi(client);
    driver = ClaimDriver.on(engine);
  }

  @Test
  void aPartnerSubmitsFollowsAnswersAndWithdrawsThroughTheGeneratedClient() throws Exception {
    ApiResponse<Detail> submitted =
        claims.submitClaimWithHttpInfo(
            claim(ClaimFixtures.registerTenant(jdbc)), "order-4711", null, "nl");
    Detail claim = submitted.getData();
    assertThat(submitted.getStatusCode()).isEqualTo(201);
    assertThat(submitted.getHeaders().get("location"))
        .containsExactly("/api/claims/" + claim.getId());
    assertThat(claim.getPartnerId()).isEqualTo(partnerId);
    assertThat(claim.getStatus()).isEqualTo(Detail.StatusEnum.UNDER_REVIEW);

    assertThat(claims.getClaim(claim.getId()).getDeadlines().getReviewDueAt()).isNotNull();

    driver.askForInformation(driver.instanceOf(claim.getId()));
    assertThat(claims.getClaim(claim.getId()).getStatus())
        .isEqualTo(Detail.StatusEnum.PARTNER_ACTION_REQUIRED);
    Detail answered =
        claims.answerInformationRequest(
            claim.getId(), new Answer().answer("The statement of work, signed by the customer."));
    assertThat(answered.getStatus()).isEqualTo(Detail.StatusEnum.UNDER_REVIEW);

    Problem noRequestPending =
        problem(
            409,
            () ->
                claims.answerInformationRequest(claim.getId(), new Answer().answer("Once more.")));
    assertThat(noRequestPending.getClaimId()).isEqualTo(claim.getId());
    assertThat(noRequestPending.getDetail()).contains("No request for more information is pending");

    Detail withdrawn =
        claims.withdrawClaim(claim.getId(), new Withdrawal().reason("The customer changed plans."));
    assertThat(withdrawn.getStatus()).isEqualTo(Detail.StatusEnum.REJECTED);
    assertThat(withdrawn.getRejectionReason())
        .isEqualTo(Detail.RejectionReasonEnum.PARTNER_REQUEST);
    assertThat(problem(409, () -> claims.withdrawClaim(claim.getId(), null)).getClaimId())
        .isEqualTo(claim.getId());

    assertThat(new PartnerOrganisationsApi(client).getOwnOrganisation().getName())
        .isEqualTo(ClaimFixtures.organisationName(partnerId));
  }

  @Test
  void aPartnerReadsTheAssociationItsApprovedClaimMadeOfficial() throws Exception {
    Detail claim = claims.submitClaim(claim(ClaimFixtures.registerTenant(jdbc)), null, null, null);
    driver.optOutWindowPasses(driver.approveAndNotify(driver.instanceOf(claim.getId())));

    assertThat(claims.getClaim(claim.getId()).getStatus()).isEqualTo(Detail.StatusEnum.OFFICIAL);
    assertThat(claims.listAssociations(null, null, null, null, "100", null).getContent())
        .extracting(
            AssociationView::getClaimId, AssociationView::getWorkload, AssociationView::getStatus)
        .containsExactlyInAnyOrder(
            tuple(claim.getId(), "Teams", AssociationView.StatusEnum.OFFICIAL),
            tuple(claim.getId(), "Exchange", AssociationView.StatusEnum.OFFICIAL));
  }

  @Test
  void invalidInputIsATypedProblemNamingTheFieldAndTheRule() throws Exception {
    ClaimContent broken = claim(ClaimFixtures.registerTenant(jdbc));
    broken.setCustomerTenantId("not-a-guid");

    Problem problem = problem(400, () -> claims.submitClaim(broken, null, null, null));

    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getTitle()).isEqualTo("Invalid claim input");
    assertThat(problem.getErrors())
        .extracting(FieldError::getField, FieldError::getRule)
        .contains(tuple("customerTenantId", "must be a GUID"));
    String unknown = "CPOR-" + UUID.randomUUID();
    assertThat(problem(404, () -> claims.getClaim(unknown)).getInstance())
        .hasToString("/api/claims/" + unknown);
  }

  private ClaimContent claim(ClaimFixtures.Tenant tenant) {
    Map<String, Object> fields = ClaimFixtures.apiClaim(tenant);
    return client.getObjectMapper().convertValue(fields, ClaimContent.class);
  }

  /** The call's problem details, read with the generated model, after checking the status. */
  private Problem problem(int status, Call call) throws JsonProcessingException {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).as("the call is refused").isInstanceOf(ApiException.class);
    ApiException refused = (ApiException) thrown;
    assertThat(refused.getCode()).isEqualTo(status);
    assertThat(refused.getResponseHeaders().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    return client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
  }

  private interface Call {
    void run() throws ApiException;
  }
}
