package org.cpor.claims.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;
import static org.cpor.claims.process.ClaimProcess.Elements.*;
import static org.cpor.claims.process.ClaimProcess.Variables.*;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of the {@code cpor-claim} model on the bare engine: no Spring, no database of ours,
 * the delegates replaced by stand-ins that record what the model asked of them. Each path is a few
 * milliseconds, and together they cover every element and flow of the model (asserted). What the
 * real delegates do is {@link ClaimProcessTest}'s business.
 */
@Deployment(resources = {"bpmn/cpor-claim.bpmn", "bpmn/validate-claim.form"})
class ClaimProcessModelTest {

  @RegisterExtension
  static ProcessEngineCoverageExtension engine =
      ProcessEngineCoverageExtension.Companion.builder("bare-engine.cfg.xml")
          .assertClassCoverageAtLeast(1.0)
          .build();

  static final Date DUE = new Date(1_800_000_000_000L);

  /** What the stand-ins were asked to do, in order: "step" or "step:detail". */
  final List<String> calls = new ArrayList<>();

  /** What the automated checks answer for the next claim. */
  boolean checksPass = true;

  /** The associations that "Finalize association" reports as superseded. */
  List<Long> superseded = List.of();

  /** The review's due date, read by the model as {@code ${deadlines.reviewDue()}}. */
  public static class Deadlines {
    public Date reviewDue() {
      return DUE;
    }
  }

  @BeforeEach
  void standIns(ProcessEngine processEngine) {
    BpmnAwareTests.init(processEngine);
    Mocks.register("deadlines", new Deadlines());
    Mocks.register("registerClaim", step("register"));
    Mocks.register(
        "runAutomatedChecks",
        (JavaDelegate)
            execution -> {
              calls.add("checks");
              execution.setVariable(CHECKS_PASSED, checksPass);
              if (!checksPass) {
                execution.setVariable(REJECTION_REASON, "FAILED_AUTOMATED_CHECKS");
              }
            });
    Mocks.register("reviewStarted", (TaskListener) task -> calls.add("review"));
    Mocks.register(
        "validatorDecision",
        (TaskListener) task -> calls.add("decision:" + task.getVariable(DECISION)));
    Mocks.register(
        "requestInformation",
        (JavaDelegate)
            execution -> {
              calls.add("request-information");
              execution.setVariable(INFORMATION_DEADLINE, DUE);
            });
    Mocks.register("recordPartnerAnswer", step("record-answer"));
    Mocks.register(
        "notifyCustomer",
        (JavaDelegate)
            execution -> {
              calls.add("notify-customer");
              execution.setVariable(OPT_OUT_DEADLINE, DUE);
            });
    Mocks.register(
        "finalizeAssociation",
        (JavaDelegate)
            execution -> {
              calls.add("finalize");
              execution.setVariable(
                  SUPERSEDED_ASSOCIATION_IDS, Variables.untypedValue(superseded, true));
            });
    Mocks.register(
        "emailSupersededPartner",
        (JavaDelegate)
            execution ->
                calls.add("mail-superseded:" + execution.getVariable(SUPERSEDED_ASSOCIATION_ID)));
    Mocks.register("emailAssociationOfficial", step("mail-official"));
    Mocks.register(
        "rejectClaim",
        (JavaDelegate) execution -> calls.add("reject:" + execution.getVariable(REJECTION_REASON)));
    Mocks.register("emailRejection", step("mail-rejection"));
  }

  @AfterEach
  void forgetStandIns() {
    Mocks.reset();
  }

  @Test
  void silentCustomerMakesTheAssociationOfficial() {
    ProcessInstance claim = submit();
    assertThat(claim).isWaitingAt(TASK_VALIDATE_CLAIM);
    assertThat(task(claim).getDueDate()).isEqualTo(DUE);

    complete(task(claim), withVariables(DECISION, "APPROVE"));
    execute(job(TASK_NOTIFY_CUSTOMER, claim));
    assertThat(claim).isWaitingAt(GATEWAY_AWAIT_CUSTOMER);
    assertThat(job(TIMER_OPT_OUT_WINDOW_ELAPSED, claim).getDuedate()).isEqualTo(DUE);

    execute(job(TIMER_OPT_OUT_WINDOW_ELAPSED, claim));
    execute(job(TASK_EMAIL_ASSOCIATION_OFFICIAL, claim));

    assertThat(claim)
        .isEnded()
        .hasPassedInOrder(
            TASK_FINALIZE_ASSOCIATION, TASK_EMAIL_ASSOCIATION_OFFICIAL, END_ASSOCIATION_OFFICIAL);
    assertThat(calls)
        .containsExactly(
            "register",
            "checks",
            "review",
            "decision:APPROVE",
            "notify-customer",
            "finalize",
            "mail-official");
  }

  @Test
  void eachSupersededPartnerIsToldOnce() {
    superseded = List.of(41L, 42L);
    ProcessInstance claim = approvedAndNotified();

    execute(job(TIMER_OPT_OUT_WINDOW_ELAPSED, claim));
    // One mail job per superseded association, each retried on its own.
    jobQuery()
        .processInstanceId(claim.getId())
        .activityId(TASK_EMAIL_SUPERSEDED_PARTNER)
        .list()
        .forEach(BpmnAwareTests::execute);
    execute(job(TASK_EMAIL_ASSOCIATION_OFFICIAL, claim));

    assertThat(claim).isEnded().hasPassed(END_ASSOCIATION_OFFICIAL);
    assertThat(calls)
        .contains("mail-superseded:41", "mail-superseded:42")
        .containsOnlyOnce("mail-official");
  }

  @Test
  void customerOptOutRejectsTheClaim() {
    ProcessInstance claim = approvedAndNotified();

    runtimeService()
        .correlateMessage(ClaimProcess.Messages.CUSTOMER_OPTED_OUT, claim.getBusinessKey());
    execute(job(TASK_EMAIL_REJECTION, claim));

    assertThat(claim)
        .isEnded()
        .hasPassed(MESSAGE_CUSTOMER_OPTED_OUT, END_CLAIM_REJECTED)
        .hasNotPassed(TASK_FINALIZE_ASSOCIATION);
    assertThat(calls).contains("reject:CUSTOMER_DECLINED");
  }

  @Test
  void brokenRulesRejectTheClaimBeforeAnyValidatorSeesIt() {
    checksPass = false;
    ProcessInstance claim = submit();

    execute(job(TASK_EMAIL_REJECTION, claim));

    assertThat(claim)
        .isEnded()
        .hasPassed(TASK_REJECT_CLAIM, END_CLAIM_REJECTED)
        .hasNotPassed(TASK_VALIDATE_CLAIM);
    assertThat(calls)
        .containsExactly("register", "checks", "reject:FAILED_AUTOMATED_CHECKS", "mail-rejection");
  }

  @Test
  void validatorRejects() {
    ProcessInstance claim = submit();

    complete(
        task(claim),
        withVariables(
            DECISION,
            "REJECT",
            REJECTION_REASON,
            "MISSING_PRODUCTS",
            DECISION_COMMENT,
            "Products missing."));
    execute(job(TASK_EMAIL_REJECTION, claim));

    assertThat(claim).isEnded().hasPassed(END_CLAIM_REJECTED);
    assertThat(calls).contains("reject:MISSING_PRODUCTS");
  }

  @Test
  void partnerAnswersAndTheClaimReturnsToTheValidator() {
    ProcessInstance claim = askedForInformation();

    runtimeService()
        .correlateMessage(
            ClaimProcess.Messages.PARTNER_INFORMATION_PROVIDED,
            claim.getBusinessKey(),
            Map.of(PARTNER_ANSWER, "Dated SOW attached."));

    assertThat(claim).isWaitingAt(TASK_VALIDATE_CLAIM).hasPassed(TASK_RECORD_PARTNER_ANSWER);
    assertThat(calls).containsSubsequence("request-information", "record-answer", "review");
  }

  @Test
  void partnerSilenceRejectsTheClaim() {
    ProcessInstance claim = askedForInformation();
    assertThat(job(TIMER_PARTNER_ANSWER_OVERDUE, claim).getDuedate()).isEqualTo(DUE);

    execute(job(TIMER_PARTNER_ANSWER_OVERDUE, claim));
    execute(job(TASK_EMAIL_REJECTION, claim));

    assertThat(claim).isEnded().hasPassed(TIMER_PARTNER_ANSWER_OVERDUE, END_CLAIM_REJECTED);
    assertThat(calls).contains("reject:NO_PARTNER_RESPONSE");
  }

  @Test
  void partnerWithdrawsWhileTheClaimIsInReview() {
    ProcessInstance claim = submit();

    runtimeService()
        .correlateMessage(
            ClaimProcess.Messages.CLAIM_WITHDRAWN,
            claim.getBusinessKey(),
            Map.of(REJECTION_REASON, "PARTNER_REQUEST", WITHDRAWN_BY, "partner-user"));
    assertThat(claim).isWaitingAt(TASK_EMAIL_WITHDRAWAL);
    assertThat(task(claim)).isNull();
    execute(job(TASK_EMAIL_WITHDRAWAL, claim));

    assertThat(claim)
        .isEnded()
        .hasPassed(START_CLAIM_WITHDRAWN, TASK_REJECT_WITHDRAWN_CLAIM, END_CLAIM_WITHDRAWN);
    assertThat(calls).contains("reject:PARTNER_REQUEST", "mail-rejection");
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private static int claims;

  private ProcessInstance submit() {
    return runtimeService()
        .startProcessInstanceByKey(
            ClaimProcess.PROCESS_KEY, "CPOR-" + (++claims), Map.of(PARTNER_ID, "1000001"));
  }

  private ProcessInstance approvedAndNotified() {
    ProcessInstance claim = submit();
    complete(task(claim), withVariables(DECISION, "APPROVE"));
    execute(job(TASK_NOTIFY_CUSTOMER, claim));
    return claim;
  }

  private ProcessInstance askedForInformation() {
    ProcessInstance claim = submit();
    complete(
        task(claim),
        withVariables(
            DECISION,
            "REQUEST_INFORMATION",
            INFORMATION_REASON,
            "DATES_MISSING_OR_TOO_OLD",
            DECISION_COMMENT,
            "Dates, please."));
    execute(job(TASK_REQUEST_INFORMATION, claim));
    assertThat(claim).isWaitingAt(GATEWAY_AWAIT_PARTNER_ANSWER);
    return claim;
  }

  private JavaDelegate step(String name) {
    return execution -> calls.add(name);
  }
}
