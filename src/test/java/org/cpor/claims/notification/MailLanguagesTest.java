package org.cpor.claims.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The customer reads the request in its own language: the mail (text and HTML parts, headers, link)
 * and the page the link opens. The partner API defaults the languages from Accept-Language.
 */
@CporSpringTest
class MailLanguagesTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  private Http partner;
  private ClaimFixtures.Tenant tenant;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    partner = TestUsers.newPartnerApi(identityService, port);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "nl | Aanvraag voor een partnerassociatie | kunt u tot | Aanvraag bekijken of afwijzen"
            + " | U kunt afwijzen tot | Afwijzen is definitief",
        "de | Anfrage zur Partnerzuordnung | können Sie bis | Zuordnung ansehen oder ablehnen"
            + " | Sie können ablehnen bis | Die Ablehnung ist endgültig",
        "fr | Demande d’association d’un partenaire | jusqu’à | Consulter ou refuser l’association"
            + " | Vous pouvez refuser jusqu’à | Le refus est définitif",
      })
  void theCustomerMailAndPageAreInTheCustomersLanguage(
      String language,
      String subject,
      String deadlineWords,
      String button,
      String pageDeadline,
      String pageFinal)
      throws Exception {
    String claimId = submitAndNotify(Map.of("customerLanguage", language));

    MimeMessage mail = customerMail(claimId);
    assertThat(mail.getSubject()).startsWith(subject + " " + claimId);
    assertThat(mail.getHeader("Content-Language", ",")).isEqualTo(language);
    assertThat(mail.getHeader("Auto-Submitted", ",")).isEqualTo("auto-generated");
    assertThat(mail.getContentType()).startsWith("multipart/alternative");
    Multipart parts = (Multipart) mail.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
    assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();

    String link = Mails.optOutPath(smtp.getReceivedMessages(), claimId);
    String text = Mails.text(mail);
    String html = Mails.html(mail);
    assertThat(text).contains(claimId, tenant.domain(), "Teams, Exchange", deadlineWords, link);
    assertThat(html)
        .contains("<html lang=\"" + language + "\">", button, link, tenant.domain())
        .doesNotContain("<img", "<script", "url(");

    Http.Answer page = Http.to(port).get(link);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Language")).isEqualTo(language);
    assertThat(page.body())
        .contains("<html lang=\"" + language + "\">", pageDeadline, pageFinal, claimId)
        .doesNotContain("<script");

    // Someone the mail was forwarded to, whose browser asks for German only, reads German; the
    // switcher's links choose any language.
    Http.Answer forwarded =
        Http.to(port).send("GET", link, null, "", Map.of("Accept-Language", "de-DE,de;q=0.9"));
    assertThat(forwarded.body()).contains("<html lang=\"de\">");
    assertThat(Http.to(port).get(link + "?lang=fr").body()).contains("<html lang=\"fr\">");
    assertThat(page.body()).contains("href=\"?lang=en\"", "href=\"?lang=nl\"");
  }

  @Test
  void anUnsupportedLanguageFallsBackToEnglish() throws Exception {
    String claimId = submitAndNotify(Map.of("customerLanguage", "es-MX"));

    MimeMessage mail = customerMail(claimId);
    assertThat(mail.getSubject()).startsWith("Partner association request " + claimId);
    assertThat(mail.getHeader("Content-Language", ",")).isEqualTo("en");
    assertThat(Mails.text(mail)).contains("you may opt out until");
    String page = Http.to(port).get(Mails.optOutPath(smtp.getReceivedMessages(), claimId)).body();
    assertThat(page).contains("<html lang=\"en\">", "Declining is final");
  }

  @Test
  void theLanguagesDefaultToTheRequestsAcceptLanguageIfSupported() {
    String german =
        submit(
            ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)),
            Map.of("Accept-Language", "de-CH, de;q=0.9, en;q=0.5"));
    assertThat(languagesOf(german)).containsExactly("de", "de");

    String unsupported =
        submit(
            ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)),
            Map.of("Accept-Language", "es, it"));
    assertThat(languagesOf(unsupported)).containsExactly("en", "en");

    Map<String, Object> own = ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc));
    own.put("customerLanguage", "fr-BE");
    String mixed = submit(own, Map.of("Accept-Language", "nl"));
    assertThat(languagesOf(mixed)).containsExactly("fr-BE", "nl");
  }

  @Test
  void theOpenApiDocumentDescribesBothLanguages() {
    var claim =
        Http.to(port).get("/v3/api-docs").json().at("/components/schemas/ClaimContent/properties");
    assertThat(claim.at("/customerLanguage/description").asText())
        .contains("BCP 47", "Accept-Language");
    assertThat(claim.at("/partnerLanguage/description").asText())
        .contains("BCP 47", "Accept-Language");
  }

  @Test
  void aLanguageThatIsNoLanguageTagIsRefusedNamingTheField() {
    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    claim.put("partnerLanguage", "Dutch please!");

    Http.Answer answer = partner.postJson("/api/claims", claim);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.problemFields()).containsExactly("partnerLanguage");
  }

  @Test
  void thePartnersMailsFollowThePartnersLanguage() throws Exception {
    String claimId = submitAndNotify(Map.of("customerLanguage", "en", "partnerLanguage", "nl"));
    ClaimDriver driver = ClaimDriver.on(engine);
    ProcessInstance instance = driver.instanceOf(claimId);
    driver.run(ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED, instance);
    driver.run(ClaimProcess.Elements.TASK_EMAIL_ASSOCIATION_OFFICIAL, instance);

    MimeMessage official =
        Arrays.stream(smtp.getReceivedMessages())
            .filter(
                m -> Mails.subject(m).equals("CPOR-claim " + claimId + ": associatie officieel"))
            .findFirst()
            .orElseThrow();
    assertThat(official.getHeader("Content-Language", ",")).isEqualTo("nl");
    assertThat(Mails.text(official)).contains("De klant heeft geen bezwaar gemaakt");
    assertThat(customerMail(claimId).getHeader("Content-Language", ",")).isEqualTo("en");
  }

  private String submitAndNotify(Map<String, String> languages) {
    Map<String, Object> claim = ClaimFixtures.apiClaim(tenant);
    claim.putAll(languages);
    String claimId = submit(claim, Map.of());
    ClaimDriver driver = ClaimDriver.on(engine);
    driver.approveAndNotify(driver.instanceOf(claimId));
    return claimId;
  }

  private String submit(Map<String, Object> claim, Map<String, String> headers) {
    Http.Answer answer =
        partner.send("POST", "/api/claims", "application/json", json(claim), headers);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  private static String json(Object value) {
    try {
      return new ObjectMapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> languagesOf(String claimId) {
    var claim = partner.get("/api/claims/" + claimId).json();
    return List.of(claim.get("customerLanguage").asText(), claim.get("partnerLanguage").asText());
  }

  private static MimeMessage customerMail(String claimId) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> Mails.recipients(m).contains("chris@"))
        .filter(m -> Mails.subject(m).contains(claimId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No customer mail about " + claimId));
  }
}
