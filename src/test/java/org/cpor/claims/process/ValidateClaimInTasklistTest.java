package org.cpor.claims.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.cpor.claims.process.ClaimProcess.Variables.DECISION;
import static org.cpor.claims.process.ClaimProcess.Variables.DECISION_COMMENT;
import static org.cpor.claims.process.ClaimProcess.Variables.INFORMATION_REASON;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.cpor.claims.support.Browser;
import org.cpor.claims.support.ClaimFixtures;
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
 * A validator works a claim in Camunda Tasklist, in Debian's Chromium: the "Claims to validate" filter
 * lists it, the Camunda Form shows the claim, a request for more information needs a reason and a
 * comment before it can be completed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Engine REST and the webapps find the engine by its name, "default": this context must not outlive its
// tests, or the next web test's requests would reach a stale engine.
@DirtiesContext
@ActiveProfiles("test")
class ValidateClaimInTasklistTest {

  private static final String VALIDATOR = "vera";
  private static final String PASSWORD = "vera-validates";

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired HistoryService historyService;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void validatorExists() {
    BpmnAwareTests.init(engine);
    if (identityService.createGroupQuery().groupId("validators").count() == 0) {
      identityService.saveGroup(identityService.newGroup("validators"));
    }
    if (identityService.createUserQuery().userId(VALIDATOR).count() == 0) {
      var user = identityService.newUser(VALIDATOR);
      user.setPassword(PASSWORD);
      user.setFirstName("Vera");
      user.setLastName("Validator");
      identityService.saveUser(user);
      identityService.createMembership(VALIDATOR, "validators");
    }
  }

  @Test
  void validatorAsksForMoreInformationThroughTheTasklistForm() {
    String partnerId = ClaimFixtures.newPartnerId();
    ClaimFixtures.Tenant tenant = ClaimFixtures.registerTenant(jdbc);
    ProcessInstance instance = runtimeService.startProcessInstanceByKey(
        ClaimProcess.PROCESS_KEY, ClaimFixtures.claim(partnerId, tenant));
    String claimId = instance.getBusinessKey();

    try (Browser browser = Browser.start()) {
      WebDriver driver = browser.driver();
      driver.get("http://localhost:" + port + "/camunda/app/tasklist/default/");
      browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
      driver.findElement(By.cssSelector("input[ng-model=username]")).sendKeys(VALIDATOR);
      driver.findElement(By.cssSelector("input[type=password]")).sendKeys(PASSWORD);
      driver.findElement(By.cssSelector("button[type=submit]")).click();

      WebElement filter = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
          By.xpath("//*[contains(@class,'task-filter')]//a[contains(normalize-space(.), 'Claims to validate')]")));
      filter.click();
      String taskId = taskService.createTaskQuery().processInstanceId(instance.getId()).singleResult().getId();
      WebElement card = browser.waiting().until(ExpectedConditions.elementToBeClickable(
          By.cssSelector(".tasks-list a[href*='task=" + taskId + "']")));
      browser.screenshot("tasklist-1-claims-to-validate");
      card.click();

      browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(
          By.xpath("//h2[contains(., 'Claim " + claimId + "')]")));
      String form = driver.findElement(By.cssSelector(".fjs-container")).getText();
      assertThat(form).contains("Partner ID (MPN ID)", "Customer domain", "Customer tenant ID", "Workloads and products",
          "Proof of execution", "Findings of the automated checks", "Decision");
      assertThat(fieldValues(driver)).contains(partnerId, tenant.domain(), tenant.id(), "Teams, Exchange",
          "https://partner-" + partnerId + ".example.com/sow.pdf", "Chris Customer", "All automated checks passed.");
      browser.screenshot("tasklist-2-validate-claim-form");

      driver.findElement(By.cssSelector("button.claim")).click();
      browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button.claim")));
      choose(driver, "Ask the partner for more information");

      // The reason and the comment are required before the decision can be completed.
      WebElement complete = driver.findElement(By.xpath("//button[normalize-space(.)='Complete']"));
      browser.waiting().until(d -> d.findElement(By.xpath("//label[contains(., 'What is needed')]")).isDisplayed());
      click(driver, complete);
      browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".fjs-form-field-error")));
      assertThat(driver.findElements(By.cssSelector(".fjs-form-field-error"))).isNotEmpty();
      browser.screenshot("tasklist-3-reason-and-comment-required");
      assertThat(taskService.createTaskQuery().processInstanceId(instance.getId()).count()).isEqualTo(1);

      pickOption(browser, "What is needed", "Customer signature missing");
      driver.findElement(By.xpath("//textarea[ancestor::*[contains(@class,'fjs-form-field')]//label[contains(., 'Comment to the partner')]]"))
          .sendKeys("Please send the statement of work signed by the customer.");
      browser.screenshot("tasklist-4-request-information");
      // Tasklist's notice about the refused first attempt covers the Complete button: dismiss it.
      ((JavascriptExecutor) driver).executeScript(
          "document.querySelectorAll('.page-notifications .close').forEach(button => button.click())");
      click(driver, driver.findElement(By.xpath("//button[normalize-space(.)='Complete']")));

      browser.waiting().withTimeout(Duration.ofSeconds(30))
          .until(d -> taskService.createTaskQuery().processInstanceId(instance.getId()).count() == 0);
    }

    Map<String, Object> decided = runtimeService.getVariables(instance.getId());
    assertThat(decided).containsEntry(DECISION, "REQUEST_INFORMATION")
        .containsEntry(INFORMATION_REASON, "CUSTOMER_SIGNATURE_MISSING")
        .containsEntry(DECISION_COMMENT, "Please send the statement of work signed by the customer.")
        // The display fields are not written back: the validator-only findings stay off the process.
        .doesNotContainKey("checkFindings");
    assertThat(job(ClaimProcess.Elements.TASK_REQUEST_INFORMATION, instance)).isNotNull();
    assertThat(historyService.createHistoricTaskInstanceQuery().processInstanceId(instance.getId()).singleResult()
        .getAssignee()).isEqualTo(VALIDATOR);
  }

  private static String fieldValues(WebDriver driver) {
    StringBuilder values = new StringBuilder();
    for (WebElement field : driver.findElements(By.cssSelector(".fjs-container input, .fjs-container textarea"))) {
      values.append(field.getAttribute("value")).append('\n');
    }
    for (WebElement field : driver.findElements(By.cssSelector(".fjs-container .fjs-select-display, .fjs-container .fjs-form-field-text"))) {
      values.append(field.getText()).append('\n');
    }
    return values.toString();
  }

  private static void choose(WebDriver driver, String radioLabel) {
    click(driver, driver.findElement(By.xpath("//label[contains(normalize-space(.), '" + radioLabel + "')]/input[@type='radio']")));
  }

  /** Tasklist's fixed footer can cover an element at the bottom of the page: scroll it to the middle first. */
  private static void click(WebDriver driver, WebElement element) {
    ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    element.click();
  }

  private static void pickOption(Browser browser, String selectLabel, String option) {
    WebDriver driver = browser.driver();
    WebElement select = driver.findElement(By.xpath(
        "//div[contains(@class,'fjs-form-field-select')][.//label[contains(., '" + selectLabel + "')]]//*[contains(@class,'fjs-input-group')]"));
    click(driver, select);
    browser.waiting().until(ExpectedConditions.elementToBeClickable(
        By.xpath("//*[contains(@class,'fjs-dropdownlist-item')][normalize-space(.)='" + option + "']"))).click();
  }
}
