package org.cpor.claims.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cpor.claims.support.Browser;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The profile oidc against a real OpenID provider (mock-oauth2-server: discovery, JWKS, signed
 * tokens, a login page): staff sign into the webapps through it, partner systems call the partner
 * API and engine REST with client-credentials tokens, and HTTP Basic is refused.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=cpor-claims-oidc",
      "spring.security.oauth2.client.registration.sso.client-id=cpor-webapps",
      "spring.security.oauth2.client.registration.sso.client-secret=webapps-secret",
      "spring.security.oauth2.resourceserver.jwt.audiences=" + SingleSignOnTest.AUDIENCE,
      "cpor.abuse.partner-requests=20",
      "cpor.security.rp-initiated-logout=true"
    })
@ActiveProfiles({"test", "oidc"})
@DirtiesContext
class SingleSignOnTest {

  static final String AUDIENCE = "api://cpor-claims";
  private static final String ISSUER = "entra";

  /** Interactive: its login page asks for a user name and the claims of the ID token. */
  static final MockOAuth2Server provider = started();

  private static MockOAuth2Server started() {
    MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true));
    server.start();
    return server;
  }

  @DynamicPropertySource
  static void provider(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.security.oauth2.client.provider.sso.issuer-uri",
        () -> provider.issuerUrl(ISSUER).toString());
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.issuer-uri",
        () -> provider.issuerUrl(ISSUER).toString());
  }

  @AfterAll
  static void stopProvider() {
    provider.shutdown();
  }

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired JdbcClient jdbc;

  @Test
  void partnerSystemsSeeTheirOwnClaimsAndNobodyElses() {
    Http partner = partnerApi(ClaimFixtures.newRegisteredPartner(jdbc));
    Http other = partnerApi(ClaimFixtures.newRegisteredPartner(jdbc));
    String claimId = submitClaim(partner);

    assertThat(partner.get("/api/claims/" + claimId).status()).isEqualTo(200);
    assertThat(other.get("/api/claims/" + claimId).status()).isEqualTo(404);
    // Engine authorization isolates the partners as it does for Basic users.
    String instances = "/engine-rest/process-instance?maxResults=10&businessKey=" + claimId;
    Http.Answer own = partner.get(instances);
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json()).hasSize(1);
    Http.Answer others = other.get(instances);
    assertThat(others.status()).isEqualTo(200);
    assertThat(others.json()).isEmpty();
    // The engine API gate reads the partner's groups from the token as from Basic.
    assertThat(partner.get("/engine-rest/task").status()).isEqualTo(403);
  }

  @Test
  void tokensThatDoNotFitAndPasswordsAreRefused() {
    String partnerId = ClaimFixtures.newRegisteredPartner(jdbc);
    Map<String, Object> partnerClaims =
        Map.of("roles", List.of("partners"), "partner_id", partnerId);
    Http app = Http.to(port);

    String elsewhere =
        provider
            .issueToken(
                "elsewhere",
                "partner-app",
                new DefaultOAuth2TokenCallback(
                    "elsewhere", "partner-app", "JWT", List.of(AUDIENCE), partnerClaims, 3600))
            .serialize();
    String expired = token(partnerClaims, List.of(AUDIENCE), -600);
    String otherAudience = token(partnerClaims, List.of("api://another-api"), 3600);
    String noPartnerId = token(Map.of("roles", List.of("partners")), List.of(AUDIENCE), 3600);
    String noRole = token(Map.of("partner_id", partnerId), List.of(AUDIENCE), 3600);

    for (String path : List.of("/api/claims", "/engine-rest/process-instance")) {
      assertThat(app.bearer(elsewhere).get(path).status()).as(path).isEqualTo(401);
      assertThat(app.bearer(expired).get(path).status()).as(path).isEqualTo(401);
      assertThat(app.bearer(otherAudience).get(path).status()).as(path).isEqualTo(401);
      assertThat(app.get(path).status()).as(path).isEqualTo(401);
      Http.Answer missingPartner = app.bearer(noPartnerId).get(path);
      assertThat(missingPartner.status()).as(path).isEqualTo(403);
      assertThat(missingPartner.json().get("detail").asText()).contains("partner_id");
      assertThat(app.bearer(noRole).get(path).status()).as(path).isEqualTo(403);
      // A partner user with a password, as in the demo: no password counts here.
      assertThat(app.as("partner1", "password").get(path).status()).as(path).isEqualTo(401);
    }
    assertThat(
            app.bearer(token(partnerClaims, List.of(AUDIENCE), 3600)).get("/api/claims").status())
        .isEqualTo(200);
  }

  @Test
  void eachPartnerSystemHasItsOwnRequestLimit() {
    Http busy = partnerApi(ClaimFixtures.newRegisteredPartner(jdbc));
    Http other = partnerApi(ClaimFixtures.newRegisteredPartner(jdbc));
    for (int i = 0; i < 20; i++) {
      assertThat(busy.get("/api/claims").status()).isEqualTo(200);
    }
    Http.Answer limited = busy.get("/api/claims");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isNotBlank();
    assertThat(other.get("/api/claims").status()).isEqualTo(200);
  }

  @Test
  void aValidatorSignsIntoTasklistAndCompletesAReview() {
    Http partner = partnerApi(ClaimFixtures.newRegisteredPartner(jdbc));
    String claimId = submitClaim(partner);
    ProcessInstance instance =
        runtimeService
            .createProcessInstanceQuery()
            .processInstanceBusinessKey(claimId)
            .singleResult();
    String taskId =
        taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult().getId();

    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      signIn(browser, webapp("tasklist"), "vera.validator@contoso.example", "[\"validators\"]");
      browser
          .waiting()
          .until(
              ExpectedConditions.elementToBeClickable(
                  By.xpath(
                      "//*[contains(@class,'task-filter')]//a[contains(normalize-space(.), 'Claims to validate')]")))
          .click();
      browser
          .waiting()
          .until(
              ExpectedConditions.elementToBeClickable(
                  By.cssSelector(".tasks-list a[href*='task=" + taskId + "']")))
          .click();
      browser
          .waiting()
          .until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.xpath("//h2[contains(., 'Claim " + claimId + "')]")));
      browser.screenshot("sso-tasklist-1-review");
      click(driver, browser.waiting().until(d -> d.findElement(By.cssSelector("button.claim"))));
      browser
          .waiting()
          .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button.claim")));
      click(
          driver,
          driver.findElement(
              By.xpath(
                  "//label[contains(normalize-space(.), 'Approve: notify the customer')]/input[@type='radio']")));
      click(driver, driver.findElement(By.xpath("//button[normalize-space(.)='Complete']")));
      browser
          .waiting()
          .until(
              d -> taskService.createTaskQuery().processInstanceId(instance.getId()).count() == 0);
      browser.screenshot("sso-tasklist-2-reviewed");

      // Provisioned on sign-in: Tasklist and the lead reminders know the person by name and mail.
      var user =
          identityService.createUserQuery().userId("vera.validator@contoso.example").singleResult();
      assertThat(user.getEmail()).isEqualTo("vera.validator@contoso.example");
      assertThat(
              identityService
                  .createGroupQuery()
                  .groupMember("vera.validator@contoso.example")
                  .list())
          .extracting(group -> group.getId())
          .containsExactly(Roles.VALIDATORS);

      // Signing out ends the session here and, RP-initiated, at the provider, which sends the
      // browser back to the webapps: they ask the provider to sign in again.
      providerRequestPaths(); // only the requests from now on count
      driver.get("http://localhost:" + port + "/logout");
      browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
      List<String> providerPaths = providerRequestPaths();
      assertThat(providerPaths)
          .anyMatch(path -> path.startsWith("/" + ISSUER + "/endsession"))
          .anyMatch(path -> path.startsWith("/" + ISSUER + "/authorize"));
      driver.get(webapp("tasklist"));
      browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    }
    assertThat(runtimeService.getVariable(instance.getId(), "decision")).isEqualTo("APPROVE");
  }

  @Test
  void anAnalystSignsIntoCockpitAndSomeoneWithoutARoleGetsNoApp() {
    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      signIn(browser, webapp("cockpit"), "ana.analyst@contoso.example", "[\"analysts\"]");
      driver.get(webapp("cockpit") + "#/processes");
      browser
          .waiting()
          .until(
              ExpectedConditions.elementToBeClickable(
                  By.xpath("//td[contains(@class,'key')]//a[normalize-space(.)='cpor-claim']")));
      browser.screenshot("sso-cockpit-processes");
    }
    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      signIn(browser, webapp("tasklist"), "guest@contoso.example", "[\"someone-else\"]");
      browser.waiting().until(d -> d.getPageSource().contains("No access to CPOR claims"));
      browser.screenshot("sso-no-role");
      for (String app : List.of("tasklist", "cockpit", "admin")) {
        driver.get(webapp(app));
        assertThat(driver.getPageSource()).contains("No access to CPOR claims");
      }
      assertThat(identityService.createUserQuery().userId("guest@contoso.example").count())
          .isZero();
    }
  }

  /** The paths the provider was asked for since the last call (MockWebServer's journal). */
  private static List<String> providerRequestPaths() {
    List<String> paths = new ArrayList<>();
    while (true) {
      try {
        paths.add(provider.takeRequest(200, TimeUnit.MILLISECONDS).getPath());
      } catch (RuntimeException noneLeft) {
        return paths;
      }
    }
  }

  private String webapp(String app) {
    return "http://localhost:" + port + "/camunda/app/" + app + "/default/";
  }

  /** Through the provider's login page, as a person would (its claims are the ID token's). */
  private void signIn(Browser browser, String webappUrl, String user, String roles) {
    WebDriver driver = browser.driver();
    driver.get(webappUrl);
    browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.name("username")));
    driver.findElement(By.name("username")).sendKeys(user);
    WebElement claims = driver.findElement(By.name("claims"));
    claims.clear();
    claims.sendKeys(
        "{\"preferred_username\": \""
            + user
            + "\", \"email\": \""
            + user
            + "\", \"given_name\": \"Test\", \"roles\": "
            + roles
            + "}");
    driver.findElement(By.cssSelector("input[type=submit]")).click();
    browser.waiting().until(d -> d.getCurrentUrl().startsWith("http://localhost:" + port + "/"));
  }

  private static void click(WebDriver driver, WebElement element) {
    ((JavascriptExecutor) driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  private String submitClaim(Http partner) {
    Http.Answer created =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
    assertThat(created.status()).as(created.body()).isBetween(200, 201);
    return created.json().get("id").asText();
  }

  /** A partner system's client-credentials grant at the provider's token endpoint. */
  private Http partnerApi(String partnerId) {
    provider.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER,
            "partner-app-" + partnerId,
            "JWT",
            List.of(AUDIENCE),
            Map.of("roles", List.of("partners"), "partner_id", partnerId),
            3600));
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(provider.tokenEndpointUrl(ISSUER).uri())
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "grant_type=client_credentials&client_id=partner-app-"
                                  + partnerId
                                  + "&client_secret=secret&scope="
                                  + AUDIENCE
                                  + "/.default"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      String accessToken =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(response.body())
              .get("access_token")
              .asText();
      return Http.to(port).bearer(accessToken);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String token(Map<String, Object> claims, List<String> audience, long expiry) {
    return provider
        .issueToken(
            ISSUER,
            "partner-app",
            new DefaultOAuth2TokenCallback(ISSUER, "partner-app", "JWT", audience, claims, expiry))
        .serialize();
  }
}
