package org.cpor.claims.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cpor.claims.support.Browser;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.SharedContextFirst;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The analyst's "CPOR claims" in Cockpit, in Debian's headless Chromium: the dashboard's figures
 * are those of the claims this test made (on an application of its own, as on a new installation),
 * the finished claims are searched, one's history opened and the list downloaded as CSV. Runs after
 * the classes sharing the context ({@link SharedContextFirst}).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.application.name=cpor-claims-analytics-in-cockpit")
@ActiveProfiles("test")
@DirtiesContext
class ClaimAnalyticsInCockpitTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  @TempDir Path downloads;

  @Test
  void analystFollowsTheClaimsInCockpitAndDownloadsTheFinishedOnes() throws IOException {
    ClaimDriver driver = ClaimDriver.on(engine);
    Http partner = TestUsers.newPartnerApi(identityService, port);
    String firstOfficial = submit(partner);
    makeOfficial(driver, firstOfficial);
    String secondOfficial = submit(partner);
    makeOfficial(driver, secondOfficial);
    String rejected = submit(partner);
    driver.rejectAsValidator(driver.instanceOf(rejected));
    String underReview = submit(partner);
    String waitingForPartner = submit(partner);
    driver.askForInformation(driver.instanceOf(waitingForPartner));
    // A draft, and one association of the first official claim that the partner ended.
    assertThat(
            partner
                .postJson("/api/claims?draft=true", Map.of("claimName", "Contoso Teams (draft)"))
                .status())
        .isEqualTo(201);
    String association =
        partner.get("/api/associations").json().get("content").get(0).get("id").asText();
    assertThat(
            partner
                .postJson(
                    "/api/associations/" + association + "/end",
                    Map.of("reason", "The customer moved it to its own IT"))
                .status())
        .isEqualTo(200);

    // What the dashboard must show, read from the application's own answer.
    String analyst = TestUsers.analyst(identityService);
    var byStatus =
        Http.to(port)
            .as(analyst, TestUsers.PASSWORD)
            .get("/api/analytics/claims/summary")
            .json()
            .get("byStatus");
    assertThat(byStatus.get("OFFICIAL").asLong()).isEqualTo(2);
    assertThat(byStatus.get("REJECTED").asLong()).isEqualTo(1);

    // Partners and validators are refused the figures.
    for (String refused :
        List.of(
            TestUsers.partner(identityService, ClaimFixtures.newPartnerId()),
            TestUsers.validator(identityService))) {
      Http.Answer answer =
          Http.to(port).as(refused, TestUsers.PASSWORD).get("/api/analytics/claims/summary");
      assertThat(answer.status()).as(refused).isEqualTo(403);
    }

    try (Browser browser = Browser.start(downloads)) {
      WebDriver web = browser.driver();
      browser.logIn(
          "http://localhost:" + port + "/camunda/app/cockpit/default/",
          analyst,
          TestUsers.PASSWORD);

      WebElement statusTable =
          browser
              .waiting()
              .until(
                  ExpectedConditions.visibilityOfElementLocated(
                      By.cssSelector(
                          "#cpor-claims-dashboard [data-table='claims-by-status'] table")));
      assertThat(web.findElement(By.cssSelector("#cpor-claims-dashboard h2")).getText())
          .isEqualTo("CPOR claims");
      assertThat(rows(statusTable))
          .containsEntry("Submitted", "0")
          .containsEntry("Under review", "1")
          .containsEntry("Waiting for the partner", "1")
          .containsEntry("Approved, opt-out window open", "0")
          .containsEntry("Official", "2")
          .containsEntry("Rejected", "1")
          .containsEntry("Draft (not submitted)", "1")
          .containsEntry("Total", "6");
      assertThat(
              web.findElement(
                      By.cssSelector("#cpor-claims-dashboard [data-figure='overdue-reviews']"))
                  .getText())
          .isEqualTo("Reviews overdue now: 0");
      assertThat(
              web.findElement(By.cssSelector("#cpor-claims-dashboard [data-figure='drafts']"))
                  .getText())
          .isEqualTo("Drafts (neither in flight nor finished): 1");
      assertThat(
              rows(
                  web.findElement(
                      By.cssSelector(
                          "#cpor-claims-dashboard [data-table='associations-ended'] table"))))
          .containsExactly(
              Map.entry("By the customer", "0"),
              Map.entry("By the partner", "1"),
              Map.entry("Subscription expired", "0"),
              Map.entry("Total", "1"));
      // The chart is drawn by Chart.js from the application's WebJar.
      browser
          .waiting()
          .until(d -> !d.findElements(By.cssSelector("#cpor-claims-dashboard canvas")).isEmpty());
      browser.screenshot("cockpit-analytics-1-dashboard");

      web.findElement(By.cssSelector("#cpor-claims-dashboard a.cpor-open")).click();
      WebElement finished =
          browser
              .waiting()
              .until(
                  ExpectedConditions.visibilityOfElementLocated(
                      By.cssSelector("#cpor-claims-page [data-table='finished-claims'] table")));
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.cssSelector("#cpor-claims-page [data-figure='finished-count']"),
                  "3 finished claims"));
      assertThat(finished.getText()).contains(firstOfficial, secondOfficial, rejected);
      browser
          .waiting()
          .until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.cssSelector("#cpor-claims-page [data-table='waiting-now'] table")));
      assertThat(
              web.findElement(By.cssSelector("#cpor-claims-page [data-table='waiting-now']"))
                  .getText())
          .contains("Validate claim");
      browser.screenshot("cockpit-analytics-2-page");

      // The flow per day, as downloaded: the endings and corrections next to the other figures.
      WebElement flow =
          browser
              .waiting()
              .until(
                  ExpectedConditions.presenceOfElementLocated(
                      By.cssSelector("#cpor-claims-page [data-table='flow-per-day']")));
      web.findElement(By.cssSelector("#cpor-claims-page details > summary")).click();
      flow.findElement(By.cssSelector("button[data-csv='flow-per-day']")).click();
      Path flowCsv = downloads.resolve("flow-per-day.csv");
      browser.waiting().until(d -> Files.exists(flowCsv) && csvComplete(flowCsv));
      List<String> days = Files.readAllLines(flowCsv, StandardCharsets.UTF_8);
      assertThat(days.get(0))
          .isEqualTo(
              "Day,Submitted,Official,Rejected,Rejected: INSUFFICIENT_PROOF_OF_EXECUTION,"
                  + "Withdrawn,Disputed,Associations ended,Claims corrected");
      // Today (newest first): five submitted (not the draft), one rejected, one ending.
      assertThat(days.get(1)).matches("\\d{4}-\\d\\d-\\d\\d,5,0,1,1,0,0,1,0");

      new Select(web.findElement(By.cssSelector("#cpor-claims-page select[name=status]")))
          .selectByVisibleText("Rejected");
      web.findElement(By.cssSelector("#cpor-claims-page form.cpor-search button[type=submit]"))
          .click();
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.cssSelector("#cpor-claims-page [data-figure='finished-count']"),
                  "1 finished claims"));
      WebElement onlyRejected =
          web.findElement(By.cssSelector("#cpor-claims-page [data-table='finished-claims']"));
      assertThat(onlyRejected.getText())
          .contains(rejected, "INSUFFICIENT_PROOF_OF_EXECUTION")
          .doesNotContain(firstOfficial, secondOfficial);
      browser.screenshot("cockpit-analytics-3-finished-rejected");

      web.findElement(By.cssSelector("a.cpor-claim-link[data-claim='" + rejected + "']")).click();
      WebElement history =
          browser
              .waiting()
              .until(
                  ExpectedConditions.visibilityOfElementLocated(
                      By.cssSelector("#cpor-claims-page .cpor-history table")));
      assertThat(web.findElement(By.cssSelector("#cpor-claims-page .cpor-history h4")).getText())
          .isEqualTo("History of claim " + rejected);
      assertThat(history.getText())
          .contains(
              "SUBMITTED",
              "REVIEW_STARTED",
              "REJECTED_BY_VALIDATOR",
              "Insufficient proof of execution: The statement of work is not signed.");
      assertThat(web.findElement(By.cssSelector("#cpor-claims-page .cpor-findings")).getText())
          .isNotBlank();
      browser.screenshot("cockpit-analytics-4-claim-history");

      onlyRejected.findElement(By.cssSelector("button[data-csv='finished-claims']")).click();
      Path csv = downloads.resolve("finished-claims.csv");
      browser.waiting().until(d -> Files.exists(csv) && csvComplete(csv));
      List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      assertThat(lines.get(0))
          .isEqualTo(
              "Claim ID,Partner,Tenant ID,Domain,Status,Rejection reason,Submitted,Finished");
      assertThat(lines).hasSize(2);
      // The organisation as the claim recorded it, with its partner ID.
      assertThat(lines.get(1))
          .startsWith(rejected + ",")
          .containsPattern(",Partner \\d+ Ltd \\(\\d+\\),")
          .contains(",REJECTED,");
    }
    assertThat(underReview).isNotBlank();
  }

  private static boolean csvComplete(Path csv) {
    try {
      return Files.size(csv) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** A two-column table as label → value. */
  private static Map<String, String> rows(WebElement table) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (WebElement row : table.findElements(By.cssSelector("tbody tr"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      rows.put(cells.get(0).getText(), cells.get(1).getText());
    }
    return rows;
  }

  private String submit(Http partner) {
    Http.Answer answer =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  private static void makeOfficial(ClaimDriver driver, String claimId) {
    ProcessInstance instance = driver.instanceOf(claimId);
    driver.approveAndNotify(instance);
    driver.optOutWindowPasses(instance);
  }
}
