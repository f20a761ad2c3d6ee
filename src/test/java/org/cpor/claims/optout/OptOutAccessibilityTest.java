package org.cpor.claims.optout;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.support.Browser;
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
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The opt-out page works for everyone: axe-core finds no WCAG 2.1 A/AA violation in any of its
 * states (open, declined, already declined, closed, unknown link; once the association is official:
 * official, confirm the end, ended now, ended), on a desktop and on a 390 px phone, where nothing
 * scrolls sideways. Leaves screenshots of the Dutch page and of an HTML mail under
 * target/screenshots (docs/screenshots has the README's copies).
 */
@CporSpringTest
class OptOutAccessibilityTest {

  private static final List<String> WCAG_21_AA =
      List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired ClaimRepository claims;
  @Autowired JdbcClient jdbc;

  private Http partner;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    partner = TestUsers.newPartnerApi(identityService, port);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void everyStateIsAccessibleOnADesktopAndOnAPhone() {
    try (Browser browser = Browser.start()) {
      for (Viewport viewport : Viewport.values()) {
        viewport.apply(browser.driver());
        String open = notifiedClaimLink("en");
        show(browser, open);
        assertAccessible(browser, viewport, "open");
        assertThat(mainText(browser))
            .contains("Declining is final", "What the partner will and will not see");

        browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        browser
            .waiting()
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=status]")));
        assertThat(mainText(browser)).contains("You have declined this association");
        assertAccessible(browser, viewport, "declined");

        show(browser, open);
        assertThat(mainText(browser)).contains("You have already declined this association");
        assertAccessible(browser, viewport, "already declined");

        String closed = notifiedClaimLink("en");
        ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + 30L * 24 * 3600 * 1000));
        show(browser, closed);
        assertThat(mainText(browser)).contains("The opt-out period has ended");
        assertAccessible(browser, viewport, "closed");
        ClockUtil.reset();

        show(browser, "/opt-out/not-a-token");
        assertThat(mainText(browser)).contains("This opt-out link is not valid");
        assertAccessible(browser, viewport, "unknown link");
      }
    }
  }

  /**
   * After the deadline the link leads to the official association: ending it (with its confirm
   * step) and the link once it has ended, in English on a desktop and in Dutch on a phone.
   */
  @Test
  void thePagesOfAnOfficialAssociationAreAccessible() {
    try (Browser browser = Browser.start()) {
      for (Viewport viewport : Viewport.values()) {
        viewport.apply(browser.driver());
        String language = viewport == Viewport.DESKTOP ? "en" : "nl";
        String claimId = notifiedClaimId(language);
        String link = Mails.optOutPath(smtp.getReceivedMessages(), claimId);
        ClaimDriver driver = ClaimDriver.on(engine);
        driver.optOutWindowPasses(driver.instanceOf(claimId));
        String path = link + "?lang=" + language;

        show(browser, path);
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang"))
            .isEqualTo(language);
        assertThat(mainText(browser))
            .contains(language.equals("en") ? "Official since" : "Officieel sinds");
        assertAccessible(browser, viewport, "official");

        browser.driver().findElement(By.id("reason")).sendKeys("We work with another partner.");
        browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("confirm")));
        assertThat(mainText(browser))
            .contains(language.equals("en") ? "This is final" : "Dit is definitief");
        assertAccessible(browser, viewport, "confirm the end");

        browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        browser
            .waiting()
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=status]")));
        assertThat(mainText(browser))
            .contains(
                language.equals("en")
                    ? "You have ended this association"
                    : "U hebt deze associatie beëindigd");
        assertAccessible(browser, viewport, "ended now");

        show(browser, path);
        assertThat(browser.driver().getTitle())
            .isEqualTo(
                language.equals("en")
                    ? "This association has ended"
                    : "Deze associatie is beëindigd");
        assertAccessible(browser, viewport, "ended");
      }
    }
  }

  @Test
  void theDutchPageAndMailOnADesktopAndAPhone() throws Exception {
    String link = notifiedClaimLink("nl");
    try (Browser browser = Browser.start()) {
      for (Viewport viewport : Viewport.values()) {
        viewport.apply(browser.driver());
        // Chromium asks for en-US: the Dutch customer's page is one click away, in the switcher.
        show(browser, link);
        assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang"))
            .isEqualTo("en");
        browser.driver().findElement(By.cssSelector("nav a[lang=nl]")).click();
        browser.waiting().until(ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "nl"));
        assertThat(mainText(browser))
            .contains("Afwijzen is definitief", "Wat de partner wel en niet ziet");
        assertAccessible(browser, viewport, "open, Dutch");
        browser.screenshot("optout-nl-" + viewport.name().toLowerCase());
      }

      var mail =
          Arrays.stream(smtp.getReceivedMessages())
              .filter(m -> Mails.subject(m).startsWith("Aanvraag voor een partnerassociatie"))
              .findFirst()
              .orElseThrow();
      Path html = Files.createTempFile("mail-nl", ".html");
      Files.writeString(html, Mails.html(mail));
      Viewport.DESKTOP.apply(browser.driver());
      browser.driver().get(html.toUri().toString());
      browser.screenshot("mail-customer-nl");
      Files.delete(html);
    }
  }

  /** The screens the page is checked on. */
  enum Viewport {
    DESKTOP(1280, 900, false),
    PHONE(390, 844, true);

    final int width;
    final int height;
    final boolean mobile;

    Viewport(int width, int height, boolean mobile) {
      this.width = width;
      this.height = height;
      this.mobile = mobile;
    }

    void apply(WebDriver driver) {
      ((HasCdp) driver)
          .executeCdpCommand(
              "Emulation.setDeviceMetricsOverride",
              Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }
  }

  private void show(Browser browser, String path) {
    browser.driver().get("http://localhost:" + port + path);
    browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
  }

  private static String mainText(Browser browser) {
    return browser.driver().findElement(By.tagName("main")).getText();
  }

  private static void assertAccessible(Browser browser, Viewport viewport, String state) {
    WebDriver driver = browser.driver();
    Results results = new AxeBuilder().withTags(WCAG_21_AA).analyze(driver);
    assertThat(results.isErrored()).as(results.getErrorMessage()).isFalse();
    // axe ran its WCAG rules on this page (contrast, names, language...), not on an empty one.
    assertThat(results.getPasses())
        .extracting(Rule::getId)
        .contains("color-contrast", "html-lang-valid");
    assertThat(results.getViolations())
        .as("axe-core on the %s page, %s: %s", state, viewport, describe(results.getViolations()))
        .isEmpty();
    long overflow =
        (Long)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(overflow)
        .as("sideways scrolling on the %s page, %s", state, viewport)
        .isLessThanOrEqualTo(0);
  }

  private static String describe(List<Rule> violations) {
    return violations.stream()
        .map(
            rule ->
                rule.getId()
                    + " ("
                    + rule.getHelp()
                    + "): "
                    + rule.getNodes().stream()
                        .map(node -> String.valueOf(node.getTarget()))
                        .collect(Collectors.joining(", ")))
        .collect(Collectors.joining("; "));
  }

  /** A new claim, approved, its customer notified: the path of the link in the customer's mail. */
  private String notifiedClaimLink(String customerLanguage) {
    String claimId = notifiedClaimId(customerLanguage);
    return Mails.optOutPath(smtp.getReceivedMessages(), claimId);
  }

  /** A new claim, approved, its customer notified. */
  private String notifiedClaimId(String customerLanguage) {
    Map<String, Object> claim = ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc));
    claim.put("customerLanguage", customerLanguage);
    Http.Answer answer = partner.postJson("/api/claims", claim);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    String claimId = answer.json().get("id").asText();
    ClaimDriver driver = ClaimDriver.on(engine);
    driver.approveAndNotify(driver.instanceOf(claimId));
    return claimId;
  }
}
