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
@Deployment(
    resources = {"bpmn/cpor-claim.bpmn", "bpmn/validate-claim.form", "bpmn/review-dispute.form"})
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

    public Date partnerReminderDue(Date informationDeadline) {
      return REMINDER;
    }
  }

  static final Date REMINDER = new Date(DUE.getTime() - 2 * 86_400_000L);

  static final Date DISPUTE_ENDS = new Date(DUE.getTime() + 30 * 86_400_000L);

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
        (JavaDelegate)
            execution -> {
              Object reason = execution.getVariable(REJECTION_REASON);
              calls.add("reject:" + reason);
              boolean disputable =
                  !"CUSTOMER_DECLINED".equals(reason) && !"PARTNER_REQUEST".equals(reason);
              execution.setVariable(DISPUTABLE, disputable);
              execution.setVariable(DISPUTE_DEADLINE, DISPUTE_ENDS);
            });
    Mocks.register("emailRejection", step("mail-rejection"));
    Mocks.register("closeDisputeWindow", step("rejection-final"));
    Mocks.register("disputeReviewStarted", (TaskListener) task -> calls.add("dispute-review"));
    Mocks.register(
        "disputeReviewDecision",
        (TaskListener) task -> calls.add("dispute-decision:" + task.getVariable(DISPUTE_DECISION)));
    Mocks.register("emailDisputeUpheld", step("mail-dispute-upheld"));
    Mocks.register(
        "escalateLateReview",
        (JavaDelegate) execution -> calls.add("escalate:" + execution.getCurrentActivityId()));
    Mocks.register("remindPartner", step("remind-partner"));
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

    // The customer's opt-out is not disputable: the claim ends at once.
    assertThat(claim)
        .isEnded()
        .hasPassed(MESSAGE_CUSTOMER_OPTED_OUT, GATEWAY_REJECTION_DISPUTABLE, END_CLAIM_REJECTED)
        .hasNotPassed(TASK_FINALIZE_ASSOCIATION);
    assertThat(calls).contains("reject:CUSTOMER_DECLINED");
  }

  @Test
  void brokenRulesRejectTheClaimBeforeAnyValidatorSeesIt() {
    checksPass = false;
    ProcessInstance claim = submit();

    execute(job(TASK_EMAIL_REJECTION, claim));

    // Microsoft's checks rejected it, so the partner may dispute it for 30 days.
    assertThat(claim).isWaitingAt(GATEWAY_AWAIT_DISPUTE).hasNotPassed(TASK_VALIDATE_CLAIM);
    assertThat(job(TIMER_DISPUTE_WINDOW_ELAPSED, claim).getDuedate()).isEqualTo(DISPUTE_ENDS);
    execute(job(TIMER_DISPUTE_WINDOW_ELAPSED, claim));

    assertThat(claim)
        .isEnded()
        .hasPassed(TASK_REJECT_CLAIM, TASK_CLOSE_DISPUTE_WINDOW, END_REJECTION_FINAL)
        .hasNotPassed(END_CLAIM_REJECTED, MESSAGE_CLAIM_DISPUTED);
    assertThat(calls)
        .containsExactly(
            "register",
            "checks",
            "reject:FAILED_AUTOMATED_CHECKS",
            "mail-rejection",
            "rejection-final");
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

    assertThat(claim).isWaitingAt(GATEWAY_AWAIT_DISPUTE);
    assertThat(calls).contains("reject:MISSING_PRODUCTS");
  }

  @Test
  void overturnedDisputeContinuesAsApproved() {
    ProcessInstance claim = rejectedByValidator();

    runtimeService().correlateMessage(ClaimProcess.Messages.CLAIM_DISPUTED, claim.getBusinessKey());
    assertThat(claim).isWaitingAt(TASK_REVIEW_DISPUTE);
    assertThat(task(claim).getDueDate()).isEqualTo(DUE);
    assertThat(jobQuery().processInstanceId(claim.getId()).timers().count()).isOne();

    complete(task(claim), withVariables(DISPUTE_DECISION, "OVERTURN", DISPUTE_COMMENT, "Fine."));
    execute(job(TASK_NOTIFY_CUSTOMER, claim));
    execute(job(TIMER_OPT_OUT_WINDOW_ELAPSED, claim));
    execute(job(TASK_EMAIL_ASSOCIATION_OFFICIAL, claim));

    assertThat(claim)
        .isEnded()
        .hasPassedInOrder(
            MESSAGE_CLAIM_DISPUTED,
            TASK_REVIEW_DISPUTE,
            TASK_NOTIFY_CUSTOMER,
            END_ASSOCIATION_OFFICIAL);
    assertThat(calls)
        .containsSubsequence(
            "reject:MISSING_PRODUCTS",
            "mail-rejection",
            "dispute-review",
            "dispute-decision:OVERTURN",
            "notify-customer",
            "finalize",
            "mail-official");
  }

  @Test
  void upheldDisputeEndsTheClaimAsRejected() {
    ProcessInstance claim = rejectedByValidator();
    runtimeService().correlateMessage(ClaimProcess.Messages.CLAIM_DISPUTED, claim.getBusinessKey());

    complete(task(claim), withVariables(DISPUTE_DECISION, "UPHOLD", DISPUTE_COMMENT, "No."));
    execute(job(TASK_EMAIL_DISPUTE_UPHELD, claim));

    assertThat(claim)
        .isEnded()
        .hasPassedInOrder(TASK_REVIEW_DISPUTE, TASK_EMAIL_DISPUTE_UPHELD, END_DISPUTE_UPHELD)
        .hasNotPassed(TASK_NOTIFY_CUSTOMER);
    assertThat(calls).endsWith("dispute-decision:UPHOLD", "mail-dispute-upheld");
  }

  @Test
  void overdueReviewsAreEscalatedAndStayOpen() {
    ProcessInstance claim = submit();
    assertThat(job(TIMER_REVIEW_OVERDUE, claim).getDuedate()).isEqualTo(DUE);

    execute(job(TIMER_REVIEW_OVERDUE, claim));
    execute(job(TASK_ESCALATE_LATE_REVIEW, claim));
    assertThat(claim).isWaitingAt(TASK_VALIDATE_CLAIM).hasPassed(END_REVIEW_ESCALATED);

    complete(
        task(claim),
        withVariables(
            DECISION, "REJECT", REJECTION_REASON, "MISSING_PRODUCTS", DECISION_COMMENT, "x"));
    execute(job(TASK_EMAIL_REJECTION, claim));
    runtimeService().correlateMessage(ClaimProcess.Messages.CLAIM_DISPUTED, claim.getBusinessKey());
    execute(job(TIMER_DISPUTE_REVIEW_OVERDUE, claim));
    execute(job(TASK_ESCALATE_LATE_DISPUTE_REVIEW, claim));

    assertThat(claim).isWaitingAt(TASK_REVIEW_DISPUTE).hasPassed(END_DISPUTE_REVIEW_ESCALATED);
    assertThat(calls)
        .contains(
            "escalate:" + TASK_ESCALATE_LATE_REVIEW,
            "escalate:" + TASK_ESCALATE_LATE_DISPUTE_REVIEW);
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

    assertThat(claim)
        .isWaitingAt(GATEWAY_AWAIT_DISPUTE)
        .hasPassed(TIMER_PARTNER_ANSWER_OVERDUE, END_PARTNER_ANSWER_OVERDUE)
        .hasNotPassed(TASK_RECORD_PARTNER_ANSWER);
    assertThat(calls).contains("reject:NO_PARTNER_RESPONSE");
  }

  @Test
  void partnerIsRemindedTwoBusinessDaysBeforeTheDeadlineAndStillAsked() {
    ProcessInstance claim = askedForInformation();
    assertThat(job(TIMER_INFORMATION_REMINDER, claim).getDuedate()).isEqualTo(REMINDER);

    execute(job(TIMER_INFORMATION_REMINDER, claim));
    execute(job(TASK_REMIND_PARTNER, claim));

    assertThat(claim).isWaitingAt(GATEWAY_AWAIT_PARTNER_ANSWER).hasPassed(END_PARTNER_REMINDED);
    assertThat(calls).containsOnlyOnce("remind-partner");
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

  private ProcessInstance rejectedByValidator() {
    ProcessInstance claim = submit();
    complete(
        task(claim),
        withVariables(
            DECISION, "REJECT", REJECTION_REASON, "MISSING_PRODUCTS", DECISION_COMMENT, "x"));
    execute(job(TASK_EMAIL_REJECTION, claim));
    assertThat(claim).isWaitingAt(GATEWAY_AWAIT_DISPUTE);
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
