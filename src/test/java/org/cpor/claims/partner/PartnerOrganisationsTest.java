package org.cpor.claims.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cpor.claims.security.Roles;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Partners are organisations: the directory says who a partner ID is, a claim records the
 * organisation's name, customers and validators read it, and a contact outside the organisation's
 * verified domains is flagged.
 */
@CporSpringTest
class PartnerOrganisationsTest {

  static final ZoneId REDMOND = ZoneId.of("America/Los_Angeles");

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  private Http admin;
  private ClaimFixtures.Tenant tenant;
  private ClaimDriver driver;

  @BeforeEach
  void setUp() {
    admin = Http.to(port).as("admin", "admin-test-password");
    tenant = ClaimFixtures.registerTenant(jdbc);
    driver = ClaimDriver.on(engine);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void customersReadTheOrganisationAndTheLastDayTheyMayDecline() throws Exception {
    String partnerId = ClaimFixtures.newPartnerId();
    Http partner = partnerNamed(partnerId, "Northwind Traders Test", "northwind.example.com");
    Http.Answer own = partner.get("/api/partner");
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().get("partnerId").asText()).isEqualTo(partnerId);
    assertThat(own.json().get("name").asText()).isEqualTo("Northwind Traders Test");

    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    claim.put("partnerContactName", "Pat Partner");
    claim.put("partnerContactEmail", "pat@northwind.example.com");
    String claimId = submit(partner, claim);
    ProcessInstance instance = driver.instanceOf(claimId);
    assertThat(engine.getTaskService().getVariables(driver.openTask(instance).getId()))
        .containsEntry("partnerName", "Northwind Traders Test");
    // Notified on a Saturday: five business days end at midnight between Sunday and Monday.
    ClockUtil.setCurrentTime(
        Date.from(LocalDateTime.parse("2026-12-05T10:00").atZone(REDMOND).toInstant()));
    driver.approveAndNotify(instance);

    String text = Mails.text(mailAbout(claimId)).replaceAll("\\s+", " ");
    assertThat(text)
        .contains(
            "Northwind Traders Test, Microsoft partner "
                + partnerId
                + "; contact: Pat Partner, pat@northwind.example.com")
        .contains("until the end of Sunday 13 December 2026, Pacific Time")
        .doesNotContain("partner Pat Partner")
        .doesNotContain("00:00");
    String page = Http.to(port).get(Mails.optOutPath(smtp.getReceivedMessages(), claimId)).body();
    assertThat(page)
        .contains("Northwind Traders Test, Microsoft partner " + partnerId)
        .contains("the end of Sunday 13 December 2026, Pacific Time")
        .doesNotContain("partner Pat Partner");

    // The directory changes later; the claim keeps the name it was submitted with.
    rename(partnerId, "Northwind Holdings");
    assertThat(partner.get("/api/partner").json().get("name").asText())
        .isEqualTo("Northwind Holdings");
    assertThat(partner.get("/api/claims/" + claimId).json().get("partnerName").asText())
        .isEqualTo("Northwind Traders Test");
  }

  @Test
  void aPartnerTheDirectoryDoesNotKnowCannotSubmit() {
    String partnerId = ClaimFixtures.newPartnerId();
    String user = "unregistered-" + partnerId;
    TestUsers.user(identityService, user, Roles.PARTNERS, Roles.partnerGroup(partnerId));
    Http unknown = Http.to(port).as(user, TestUsers.PASSWORD);

    Http.Answer refused = unknown.postJson("/api/claims", ClaimFixtures.apiClaim(tenant));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.problemFields()).containsExactly("partnerId");
    assertThat(refused.json().get("detail").asText()).contains("not in the partner directory");
    assertThat(unknown.get("/api/partner").status()).isEqualTo(404);

    Http.Answer overEngineRest =
        unknown.postJson(
            "/engine-rest/process-definition/key/cpor-claim/start",
            Map.of(
                "variables",
                ClaimFixtures.engineRestVariables(ClaimFixtures.claim(partnerId, tenant))));
    assertThat(overEngineRest.status()).isEqualTo(403);
    assertThat(overEngineRest.body()).contains("not in the partner directory");
    assertThat(
            jdbc.sql("select count(*) from claim where partner_id = ?")
                .param(partnerId)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void aContactOutsideTheVerifiedDomainsIsFlaggedForTheValidator() {
    String partnerId = ClaimFixtures.newPartnerId();
    Http partner = partnerNamed(partnerId, "Fourth Coffee", "fourthcoffee.example.com");
    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    claim.put("partnerContactEmail", "someone@freemail.example.org");

    String claimId = submit(partner, claim);

    String review = driver.openTask(driver.instanceOf(claimId)).getId();
    assertThat((String) engine.getTaskService().getVariable(review, "checkFindings"))
        .contains(
            "Partner contact outside the organisation: someone@freemail.example.org is not at a"
                + " domain Fourth Coffee (Microsoft partner "
                + partnerId
                + ") has verified (fourthcoffee.example.com)");
  }

  @Test
  void onlyAdminsMaintainTheDirectoryAndBadInputNamesTheField() {
    String partnerId = ClaimFixtures.newPartnerId();
    Http partner = TestUsers.partnerApi(identityService, port, partnerId);
    Map<String, Object> organisation =
        Map.of("name", "Sneaky", "verifiedDomains", List.of("sneaky.example.com"));
    assertThat(partner.putJson("/api/admin/partners/" + partnerId, organisation).status())
        .isEqualTo(403);
    assertThat(partner.get("/api/admin/partners").status()).isEqualTo(403);

    Http.Answer broken =
        admin.putJson(
            "/api/admin/partners/" + partnerId,
            Map.of(
                "name", " ", "country", "Netherlands", "verifiedDomains", List.of("not a domain")));
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.problemFields()).containsExactly("name", "country", "verifiedDomains");
    assertThat(admin.get("/api/admin/partners/" + partnerId).json().get("name").asText())
        .isEqualTo(ClaimFixtures.organisationName(partnerId));
  }

  private Http partnerNamed(String partnerId, String name, String domain) {
    String user = TestUsers.partner(identityService, partnerId);
    Http.Answer saved =
        admin.putJson(
            "/api/admin/partners/" + partnerId,
            Map.of(
                "name",
                name,
                "country",
                "NL",
                "website",
                "https://" + domain,
                "verifiedDomains",
                List.of(domain)));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    return Http.to(port).as(user, TestUsers.PASSWORD);
  }

  private void rename(String partnerId, String name) {
    Http.Answer renamed =
        admin.putJson(
            "/api/admin/partners/" + partnerId,
            Map.of("name", name, "verifiedDomains", List.of("northwind.example.com")));
    assertThat(renamed.status()).isEqualTo(200);
  }

  private static String submit(Http partner, Map<String, Object> claim) {
    Http.Answer answer = partner.postJson("/api/claims", claim);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  private static MimeMessage mailAbout(String claimId) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(message -> Mails.subject(message).contains(claimId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mail about " + claimId));
  }
}
