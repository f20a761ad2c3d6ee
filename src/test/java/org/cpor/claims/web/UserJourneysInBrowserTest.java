package org.cpor.claims.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.Browser;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.SharedContextFirst;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

/**
 * What the people who click see, in Debian's headless Chromium: the validator in Tasklist, the
 * customer on the opt-out page, the analyst in Cockpit. Every step leaves a screenshot under
 * target/screenshots.
 *
 * <p>On an application of its own, as on a new installation: Tasklist's lists and Cockpit's counts
 * show this journey's claims, not those of every other test. It runs after the classes sharing the
 * context ({@link SharedContextFirst}) and closes its application after.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.application.name=cpor-claims-browser-journeys")
@ActiveProfiles("test")
@DirtiesContext
class UserJourneysInBrowserTest {

  /** Variable names that must never reach a person's screen in place of a label. */
  private static final List<String> RAW_NAMES =
      List.of(
          "customerTenantId",
          "partnerContactEmail",
          "decisionComment",
          "informationReason",
          "rejectionReason",
          "proofOfExecution",
          "checkFindings",
          "MICROSOFT_365");

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  private String partnerId;
  private Http partner;
  private ClaimFixtures.Tenant tenant;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    partnerId = ClaimFixtures.newPartnerId();
    partner = TestUsers.partnerApi(identityService, port, partnerId);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @Test
  void validatorAsksForMoreInformationInTasklistAndApprovesAfterThePartnersAnswer() {
    String claimId =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    ProcessInstance instance = instance(claimId);
    String validator = TestUsers.validator(identityService);

    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      browser.logIn(webapp("tasklist"), validator, TestUsers.PASSWORD);
      openReviewTask(browser, instance, "tasklist-1-claims-to-validate");

      String form = driver.findElement(By.cssSelector(".fjs-container")).getText();
      assertThat(form)
          .contains(
              "Claim " + claimId,
              "Partner ID (MPN ID)",
              "Customer domain",
              "Customer tenant ID",
              "Workloads and products",
              "Proof of execution",
              "Findings of the automated checks",
              "Your decision");
      assertThat(form).doesNotContain(RAW_NAMES);
      assertThat(fieldValues(driver))
          .contains(
              partnerId,
              tenant.domain(),
              tenant.id(),
              "Teams, Exchange",
              "Microsoft 365",
              "Usage",
              "https://partner-0000.example.com/sow.pdf",
              "All automated checks passed.");
      browser.screenshot("tasklist-2-validate-claim-form");

      click(driver, driver.findElement(By.cssSelector("button.claim")));
      browser
          .waiting()
          .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button.claim")));
      choose(driver, "Ask the partner for more information");
      browser
          .waiting()
          .until(
              d -> d.findElement(By.xpath("//label[contains(., 'What is needed')]")).isDisplayed());

      // No decision without a reason and a comment: the form refuses and the task stays open.
      click(driver, completeButton(driver));
      browser
          .waiting()
          .until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.cssSelector(".fjs-form-field-error")));
      assertThat(driver.findElements(By.cssSelector(".fjs-form-field-error")))
          .extracting(WebElement::getText)
          .contains("Field is required.");
      browser.screenshot("tasklist-3-reason-and-comment-required");
      assertThat(taskService.createTaskQuery().processInstanceId(instance.getId()).count())
          .isEqualTo(1);

      pickOption(browser, "What is needed", "Customer signature missing");
      driver
          .findElement(
              By.xpath(
                  "//textarea[ancestor::*[contains(@class,'fjs-form-field')]//label[contains(., 'Comment to the partner')]]"))
          .sendKeys("Please send the statement of work signed by the customer.");
      // form-js validates the typed comment a moment later; complete only once it shows no error.
      browser
          .waiting()
          .until(
              d ->
                  d.findElements(By.cssSelector(".fjs-form-field-error")).stream()
                      .noneMatch(WebElement::isDisplayed));
      browser.screenshot("tasklist-4-request-information");
      dismissNotifications(driver);
      click(driver, completeButton(driver));
      browser
          .waiting()
          .until(
              d -> taskService.createTaskQuery().processInstanceId(instance.getId()).count() == 0);

      assertThat(runtimeService.getVariables(instance.getId()))
          .containsEntry("decision", "REQUEST_INFORMATION")
          .containsEntry("informationReason", "CUSTOMER_SIGNATURE_MISSING")
          // Display fields are not written back: the validator-only findings stay off the process.
          .doesNotContainKey("checkFindings");
      execute(job(ClaimProcess.Elements.TASK_REQUEST_INFORMATION, instance));
      assertThat(
              partner
                  .postJson(
                      "/api/claims/" + claimId + "/information",
                      Map.of("answer", "The countersigned SOW is now at the same link."))
                  .status())
          .isEqualTo(200);

      driver.navigate().refresh();
      openReviewTask(browser, instance, "tasklist-5-claim-back-with-answer");
      assertThat(fieldValues(driver))
          .contains(
              "The countersigned SOW is now at the same link.",
              "More information needed (Customer signature missing): Please send the statement of work signed by the customer.");
      click(driver, driver.findElement(By.cssSelector("button.claim")));
      browser
          .waiting()
          .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button.claim")));
      choose(driver, "Approve: notify the customer");
      browser.screenshot("tasklist-6-approve");
      click(driver, completeButton(driver));
      browser
          .waiting()
          .withTimeout(Duration.ofSeconds(30))
          .until(
              d -> taskService.createTaskQuery().processInstanceId(instance.getId()).count() == 0);
    }

    assertThat(job(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance)).isNotNull();
    assertThat(
            historyService
                .createHistoricTaskInstanceQuery()
                .processInstanceId(instance.getId())
                .list())
        .extracting(t -> t.getAssignee())
        .containsOnly(validator);
  }

  @Test
  void aSecondValidatorReviewsTheDisputeTheFirstMayNot() {
    String claimId =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    ProcessInstance instance = instance(claimId);
    String validator = TestUsers.validator(identityService);
    String validator2 = TestUsers.otherValidator(identityService);
    String rejection = task(instance).getId();
    taskService.setAssignee(rejection, validator);
    taskService.complete(
        rejection,
        Map.of(
            "decision",
            "REJECT",
            "rejectionReason",
            "INSUFFICIENT_PROOF_OF_EXECUTION",
            "decisionComment",
            "The SOW does not mention Teams."));
    execute(job(ClaimProcess.Elements.TASK_EMAIL_REJECTION, instance));
    assertThat(
            partner
                .postJson(
                    "/api/claims/" + claimId + "/dispute",
                    Map.of(
                        "reason",
                        "Teams is in the annex on page 4.",
                        "proofOfExecution",
                        "https://partner.example.com/sow-with-annex.pdf"))
                .status())
        .isEqualTo(200);
    String review = task(instance).getId();

    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      browser.logIn(webapp("tasklist"), validator, TestUsers.PASSWORD);
      openReviewTask(browser, instance, "Disputes", "tasklist-7-disputes");

      String form = driver.findElement(By.cssSelector(".fjs-container")).getText();
      assertThat(form)
          .contains(
              "Claim " + claimId,
              "The dispute",
              "Partner's business justification",
              "The rejection it disputes",
              "Rejected by",
              "Your decision");
      assertThat(form).doesNotContain(RAW_NAMES);
      assertThat(fieldValues(driver))
          .contains(
              "Teams is in the annex on page 4.",
              "https://partner.example.com/sow-with-annex.pdf",
              "Insufficient proof of execution",
              "The SOW does not mention Teams.",
              validator,
              tenant.domain());
      browser.screenshot("tasklist-8-review-dispute-form");

      // Four eyes: the validator who rejected the claim is refused, the task stays open.
      claimAndDecide(browser, "Overturn", "I had missed the annex.");
      WebElement refusal =
          browser
              .waiting()
              .until(
                  ExpectedConditions.visibilityOfElementLocated(
                      By.xpath(
                          "//*[contains(@class,'page-notifications')]//*[contains(., 'four eyes')]")));
      assertThat(refusal.getText()).contains("you rejected " + claimId + " yourself");
      browser.screenshot("tasklist-9-four-eyes-refusal");
    }
    assertThat(taskService.createTaskQuery().taskId(review).count()).isOne();
    assertThat(partner.get("/api/claims/" + claimId).json().get("status").asText())
        .isEqualTo("UNDER_REVIEW");
    // The first validator hands the task back to the group.
    taskService.setAssignee(review, null);

    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      browser.logIn(webapp("tasklist"), validator2, TestUsers.PASSWORD);
      openReviewTask(
          browser, instance, "Disputes", "tasklist-10-disputes-for-the-second-validator");
      claimAndDecide(browser, "Overturn", "The annex on page 4 names Teams.");
      browser
          .waiting()
          .withTimeout(Duration.ofSeconds(30))
          .until(d -> taskService.createTaskQuery().taskId(review).count() == 0);
      browser.screenshot("tasklist-11-dispute-overturned");
    }

    assertThat(job(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance)).isNotNull();
    var claim = partner.get("/api/claims/" + claimId).json();
    assertThat(claim.get("dispute").get("outcome").asText()).isEqualTo("OVERTURNED");
    assertThat(claim.get("dispute").get("decisionComment").asText())
        .isEqualTo("The annex on page 4 names Teams.");
    assertThat(claim.get("history").findValuesAsText("actor")).contains(validator2);
  }

  /**
   * Claims the open task, picks the radio option starting with {@code choice}, comments and
   * completes.
   */
  private void claimAndDecide(Browser browser, String choice, String comment) {
    WebDriver driver = browser.driver();
    click(driver, driver.findElement(By.cssSelector("button.claim")));
    browser
        .waiting()
        .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button.claim")));
    choose(driver, choice);
    driver
        .findElement(
            By.xpath(
                "//textarea[ancestor::*[contains(@class,'fjs-form-field')]//label[contains(., 'Comment to the partner')]]"))
        .sendKeys(comment);
    browser
        .waiting()
        .until(
            d ->
                d.findElements(By.cssSelector(".fjs-form-field-error")).stream()
                    .noneMatch(WebElement::isDisplayed));
    dismissNotifications(driver);
    click(driver, completeButton(driver));
  }

  @Test
  void customerDeclinesThroughTheLinkInTheMail() throws Exception {
    String claimId =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    ProcessInstance instance = approveAndNotify(claimId);
    String link = optOutLink(claimId);

    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      driver.get("http://localhost:" + port + link);
      String page = driver.findElement(By.tagName("main")).getText();
      assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
      assertThat(page)
          .contains(
              "Partner association request " + claimId,
              "Microsoft partner " + partnerId,
              tenant.domain(),
              "Teams, Exchange",
              "You may decline until");
      browser.screenshot("optout-1-request");

      driver
          .findElement(By.xpath("//button[normalize-space(.)='Decline this association']"))
          .click();
      WebElement confirmation =
          browser
              .waiting()
              .until(
                  ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[role=status]")));
      assertThat(confirmation.getText()).contains("You have declined this association");
      browser.screenshot("optout-2-declined");
    }

    var claim = partner.get("/api/claims/" + claimId).json();
    assertThat(claim.get("status").asText()).isEqualTo("REJECTED");
    assertThat(claim.get("rejectionReasonText").asText()).isEqualTo("Customer declined");
    assertThat(
            runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count())
        .isEqualTo(1);
  }

  @Test
  void analystFollowsClaimsInCockpitAndCannotChangeThem() {
    String claimId =
        partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant)).json().get("id").asText();
    ProcessInstance instance = approveAndNotify(claimId);
    String analyst = TestUsers.analyst(identityService);

    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      browser.logIn(webapp("cockpit"), analyst, TestUsers.PASSWORD);
      driver.get(webapp("cockpit") + "#/processes");
      WebElement definition =
          browser
              .waiting()
              .until(
                  ExpectedConditions.elementToBeClickable(
                      By.xpath(
                          "//td[contains(@class,'key')]//a[normalize-space(.)='cpor-claim']")));
      browser.screenshot("cockpit-1-processes");
      definition.click();

      browser
          .waiting()
          .until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.xpath(
                      "//a[normalize-space(.)='"
                          + claimId
                          + "'] | //*[normalize-space(text())='"
                          + claimId
                          + "']")));
      browser.screenshot("cockpit-2-instances-with-business-keys");

      driver.get(webapp("cockpit") + "#/process-instance/" + instance.getId() + "/runtime");
      // The badge on "waiting for the customer" counts the instances there (Cockpit redraws it, so
      // look again).
      browser
          .waiting()
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.cssSelector(
                      ".djs-overlays[data-container-id='"
                          + ClaimProcess.Elements.GATEWAY_AWAIT_CUSTOMER
                          + "'] .instance-count"),
                  "1"));
      browser
          .waiting()
          .until(
              ExpectedConditions.visibilityOfElementLocated(
                  By.xpath("//span[normalize-space(text())='optOutDeadline']")));
      browser.screenshot("cockpit-3-instance-waits-for-the-customer");

      // Cockpit's own API refuses what an analyst may not do.
      assertThat(callCockpitApi(driver, "DELETE", "/process-instance/" + instance.getId(), null))
          .isEqualTo(403);
      assertThat(
              callCockpitApi(
                  driver,
                  "PUT",
                  "/process-instance/" + instance.getId() + "/variables/optOutDeadline",
                  "{\"value\":\"2000-01-01T00:00:00.000+0000\",\"type\":\"Date\"}"))
          .isEqualTo(403);
      assertThat(
              callCockpitApi(
                  driver,
                  "POST",
                  "/process-instance/" + instance.getId() + "/modification",
                  "{\"instructions\":[{\"type\":\"cancel\",\"activityId\":\"Gateway_AwaitCustomer\"}]}"))
          .isEqualTo(403);
    }
    assertThat(
            runtimeService
                .createProcessInstanceQuery()
                .processInstanceId(instance.getId())
                .active()
                .count())
        .isEqualTo(1);
    assertThat(job(ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED, instance)).isNotNull();
  }

  private ProcessInstance approveAndNotify(String claimId) {
    ProcessInstance instance = instance(claimId);
    taskService.complete(task(instance).getId(), Map.of("decision", "APPROVE"));
    execute(job(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance));
    return instance;
  }

  private ProcessInstance instance(String claimId) {
    return runtimeService
        .createProcessInstanceQuery()
        .processInstanceBusinessKey(claimId)
        .singleResult();
  }

  private String optOutLink(String claimId) {
    return Mails.optOutPath(smtp.getReceivedMessages(), claimId);
  }

  private String webapp(String app) {
    return "http://localhost:" + port + "/camunda/app/" + app + "/default/";
  }

  private void openReviewTask(Browser browser, ProcessInstance instance, String screenshot) {
    openReviewTask(browser, instance, "Claims to validate", screenshot);
  }

  private void openReviewTask(
      Browser browser, ProcessInstance instance, String filter, String screenshot) {
    WebDriver driver = browser.driver();
    browser
        .waiting()
        .until(
            ExpectedConditions.elementToBeClickable(
                By.xpath(
                    "//*[contains(@class,'task-filter')]//a[contains(normalize-space(.), '"
                        + filter
                        + "')]")))
        .click();
    String taskId =
        taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult().getId();
    WebElement card =
        browser
            .waiting()
            .until(
                ExpectedConditions.elementToBeClickable(
                    By.cssSelector(".tasks-list a[href*='task=" + taskId + "']")));
    // The card names the claim and shows its key facts and due date (the filter's variables).
    WebElement item =
        driver.findElement(By.xpath("//li[.//a[contains(@href,'task=" + taskId + "')]]"));
    browser
        .waiting()
        .until(d -> item.getText().contains(partnerId) && item.getText().contains("Due"));
    assertThat(item.getText())
        .contains(instance.getBusinessKey() + " · " + tenant.domain(), tenant.domain(), partnerId);
    browser.screenshot(screenshot);
    card.click();
    browser
        .waiting()
        .until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//h2[contains(., 'Claim " + instance.getBusinessKey() + "')]")));
    // The form fills its fields from the task's variables a moment after it renders.
    browser
        .waiting()
        .until(
            d ->
                fieldValues(d).contains(instance.getBusinessKey())
                    || fieldValues(d).contains(partnerId));
  }

  private static int callCockpitApi(WebDriver driver, String method, String path, String body) {
    Object status =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                """
        const done = arguments[arguments.length - 1];
        const token = (document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN=')) || '=').split('=')[1];
        fetch('/camunda/api/engine/engine/default' + arguments[1], {method: arguments[0], credentials: 'same-origin',
            headers: {'Content-Type': 'application/json', 'X-XSRF-TOKEN': token}, body: arguments[2]})
          .then(r => done(r.status)).catch(e => done(-1));""",
                method,
                path,
                body);
    return ((Number) status).intValue();
  }

  private static WebElement completeButton(WebDriver driver) {
    return driver.findElement(By.xpath("//button[normalize-space(.)='Complete']"));
  }

  /** Tasklist's notices (e.g. about a refused attempt) can cover the Complete button. */
  private static void dismissNotifications(WebDriver driver) {
    ((JavascriptExecutor) driver)
        .executeScript(
            "document.querySelectorAll('.page-notifications .close').forEach(button => button.click())");
  }

  private static String fieldValues(WebDriver driver) {
    StringBuilder values = new StringBuilder();
    for (WebElement field :
        driver.findElements(By.cssSelector(".fjs-container input, .fjs-container textarea"))) {
      values.append(field.getAttribute("value")).append('\n');
    }
    for (WebElement field :
        driver.findElements(
            By.cssSelector(
                ".fjs-container .fjs-select-display, .fjs-container .fjs-form-field-text"))) {
      values.append(field.getText()).append('\n');
    }
    return values.toString();
  }

  private static void choose(WebDriver driver, String radioLabel) {
    click(
        driver,
        driver.findElement(
            By.xpath(
                "//label[contains(normalize-space(.), '"
                    + radioLabel
                    + "')]/input[@type='radio']")));
  }

  /**
   * Tasklist's fixed footer can cover an element at the bottom of the page: scroll it to the middle
   * first.
   */
  private static void click(WebDriver driver, WebElement element) {
    ((JavascriptExecutor) driver)
        .executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  private static void pickOption(Browser browser, String selectLabel, String option) {
    WebDriver driver = browser.driver();
    click(
        driver,
        driver.findElement(
            By.xpath(
                "//div[contains(@class,'fjs-form-field-select')][.//label[contains(., '"
                    + selectLabel
                    + "')]]//*[contains(@class,'fjs-input-group')]")));
    browser
        .waiting()
        .until(
            ExpectedConditions.elementToBeClickable(
                By.xpath(
                    "//*[contains(@class,'fjs-dropdownlist-item')][normalize-space(.)='"
                        + option
                        + "']")))
        .click();
  }
}
