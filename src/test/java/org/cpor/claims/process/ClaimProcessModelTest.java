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

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputOutput;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaInputParameter;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOutputParameter;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.cpor.claims.claim.CheckResult;
import org.cpor.claims.claim.RejectionReason;
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
  CheckResult checks = new CheckResult(List.of(), List.of(), List.of(), List.of(), false);

  static final CheckResult RULE_BROKEN =
      new CheckResult(
          List.of("customerTenantId: must be a GUID"), List.of(), List.of(), List.of(), false);

  static final CheckResult DUPLICATE =
      new CheckResult(List.of(), List.of("CPOR-1"), List.of(), List.of(), false);

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
              execution.setVariable(CHECKS_PASSED, checks.passed());
              if (!checks.passed()) {
                // As the real step: the result for the model to name the reason from, transient.
                execution.setVariable(
                    AUTOMATED_CHECKS, Variables.objectValue(checks, true).create());
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
    checks = RULE_BROKEN;
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
  void duplicateIsRejectedAsDuplicate() {
    checks = DUPLICATE;
    ProcessInstance claim = submit();

    execute(job(TASK_EMAIL_REJECTION, claim));

    assertThat(claim)
        .isWaitingAt(GATEWAY_AWAIT_DISPUTE)
        .hasPassed(EVENT_CHECKS_FAILED)
        .hasNotPassed(TASK_VALIDATE_CLAIM);
    assertThat(calls).containsSubsequence("checks", "reject:DUPLICATE");
    // The reason lives on as a variable; the check result, transient, does not.
    assertThat(claim).variables().containsEntry(REJECTION_REASON, "DUPLICATE");
    assertThat(claim).variables().doesNotContainKey(AUTOMATED_CHECKS);
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
            Map.of(WITHDRAWN_BY, "partner-user"));
    assertThat(claim).isWaitingAt(TASK_EMAIL_WITHDRAWAL);
    assertThat(task(claim)).isNull();
    execute(job(TASK_EMAIL_WITHDRAWAL, claim));

    assertThat(claim)
        .isEnded()
        .hasPassed(START_CLAIM_WITHDRAWN, TASK_REJECT_WITHDRAWN_CLAIM, END_CLAIM_WITHDRAWN);
    assertThat(calls).contains("reject:PARTNER_REQUEST", "mail-rejection");
  }

  @Test
  void withdrawalIsAPartnerRequestWhateverTheMessageOrAnEarlierRejectionSays() {
    // Rejected by the validator, disputed and overturned: the earlier reason is still a variable.
    ProcessInstance claim = rejectedByValidator();
    runtimeService().correlateMessage(ClaimProcess.Messages.CLAIM_DISPUTED, claim.getBusinessKey());
    complete(task(claim), withVariables(DISPUTE_DECISION, "OVERTURN"));
    assertThat(claim).variables().containsEntry(REJECTION_REASON, "MISSING_PRODUCTS");

    // An engine REST caller may send a reason of its own with the message: the model's wins.
    runtimeService()
        .correlateMessage(
            ClaimProcess.Messages.CLAIM_WITHDRAWN,
            claim.getBusinessKey(),
            Map.of(REJECTION_REASON, "INSUFFICIENT_PROOF_OF_EXECUTION", WITHDRAWN_BY, "p"));

    assertThat(claim).hasPassed(EVENT_WITHDRAWN_AT_PARTNER_REQUEST);
    assertThat(calls).endsWith("reject:PARTNER_REQUEST");
  }

  /**
   * The rule the model keeps: every path into a "Reject claim" step passes the element that decides
   * the rejection and names its reason there, one way: an output mapping of {@code rejectionReason}
   * on an event, or, for the validator, the field {@code rejectionReason} of the review's form on
   * the "reject" flow. Walks every path (loops included) from every start event.
   */
  @Test
  void everyPathIntoARejectStepNamesItsReasonInTheModel() throws Exception {
    BpmnModelInstance model =
        Bpmn.readModelFromStream(
            getClass().getClassLoader().getResourceAsStream("bpmn/cpor-claim.bpmn"));
    String validatorForm =
        new String(
            getClass()
                .getClassLoader()
                .getResourceAsStream("bpmn/validate-claim.form")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(validatorForm).contains("\"key\": \"" + REJECTION_REASON + "\"");

    // Who names the reason in the model: events, by an output mapping; never an input mapping.
    Map<String, String> namedBy = new TreeMap<>();
    for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
      CamundaInputOutput io = inputOutput(node);
      if (io == null) {
        continue;
      }
      assertThat(io.getCamundaInputParameters())
          .extracting(CamundaInputParameter::getCamundaName)
          .doesNotContain(REJECTION_REASON);
      io.getCamundaOutputParameters().stream()
          .filter(p -> p.getCamundaName().equals(REJECTION_REASON))
          .forEach(p -> namedBy.put(node.getId(), p.getTextContent().trim()));
    }
    assertThat(namedBy)
        .containsOnlyKeys(
            EVENT_CHECKS_FAILED,
            TIMER_PARTNER_ANSWER_OVERDUE,
            MESSAGE_CUSTOMER_OPTED_OUT,
            EVENT_WITHDRAWN_AT_PARTNER_REQUEST)
        .containsEntry(EVENT_CHECKS_FAILED, "${automatedChecks.rejectionReason().name()}")
        .containsEntry(TIMER_PARTNER_ANSWER_OVERDUE, RejectionReason.NO_PARTNER_RESPONSE.name())
        .containsEntry(MESSAGE_CUSTOMER_OPTED_OUT, RejectionReason.CUSTOMER_DECLINED.name())
        .containsEntry(EVENT_WITHDRAWN_AT_PARTNER_REQUEST, RejectionReason.PARTNER_REQUEST.name());
    for (String id : namedBy.keySet()) {
      assertThat(model.<FlowNode>getModelElementById(id)).isInstanceOf(Event.class);
    }

    // Every path from every start: which element last named the reason when a reject step is
    // reached (a reject step uses the reason up; a later rejection must name its own).
    String validatorReject =
        "the validator's form, flow " + GATEWAY_VALIDATION_DECISION + " reject";
    Set<String> namersAtRejection = new TreeSet<>();
    Deque<Step> open = new ArrayDeque<>();
    Set<Step> seen = new HashSet<>();
    for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
      boolean topLevel = start.getParentElement() instanceof Process;
      boolean eventSubProcess =
          start.getParentElement() instanceof SubProcess sub && sub.triggeredByEvent();
      if (topLevel || eventSubProcess) {
        open.push(new Step(start, null, Map.of()));
      }
    }
    int rejectSteps = 0;
    while (!open.isEmpty()) {
      Step step = open.pop();
      if (!seen.add(step)) {
        continue;
      }
      FlowNode node = step.node();
      String namer = namedBy.containsKey(node.getId()) ? node.getId() : step.namer();
      Map<String, String> flags = new TreeMap<>(step.flags());
      flags.putAll(booleanOutputs(node));
      if (node instanceof ServiceTask task
          && "${rejectClaim}".equals(task.getCamundaDelegateExpression())) {
        assertThat(namer).as("reason named on the path into " + node.getId()).isNotNull();
        namersAtRejection.add(namer);
        rejectSteps++;
        namer = null;
      }
      List<FlowNode> next = new ArrayList<>();
      if (node instanceof SubProcess sub && !sub.triggeredByEvent()) {
        next.addAll(sub.getChildElementsByType(StartEvent.class));
      }
      if (node instanceof EndEvent && node.getParentElement() instanceof SubProcess sub) {
        sub.getOutgoing().forEach(flow -> next.add(flow.getTarget()));
      }
      for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
        if (boundary.getAttachedTo() == node) {
          next.add(boundary);
        }
      }
      for (FlowNode target : next) {
        open.push(new Step(target, namer, flags));
      }
      // An embedded subprocess is left by its end events, not at once.
      boolean embedded = node instanceof SubProcess sub && !sub.triggeredByEvent();
      for (SequenceFlow flow : embedded ? List.<SequenceFlow>of() : node.getOutgoing()) {
        String condition =
            flow.getConditionExpression() == null
                ? ""
                : flow.getConditionExpression().getTextContent().trim();
        if (!possible(condition, flags)) {
          continue;
        }
        boolean validatorRejects =
            node.getId().equals(GATEWAY_VALIDATION_DECISION) && condition.contains("'REJECT'");
        open.push(new Step(flow.getTarget(), validatorRejects ? validatorReject : namer, flags));
      }
    }
    assertThat(rejectSteps).isPositive();
    assertThat(namersAtRejection)
        .containsExactlyInAnyOrder(
            EVENT_CHECKS_FAILED,
            TIMER_PARTNER_ANSWER_OVERDUE,
            MESSAGE_CUSTOMER_OPTED_OUT,
            EVENT_WITHDRAWN_AT_PARTNER_REQUEST,
            validatorReject);
  }

  /** A point on a path: the element, who last named the reason, the flags set on the way. */
  record Step(FlowNode node, String namer, Map<String, String> flags) {}

  /**
   * The booleans an element's output mappings set to a constant (e.g. {@code partnerAnswered}), so
   * that the walk takes only the gateway branch they lead to.
   */
  private static Map<String, String> booleanOutputs(FlowNode node) {
    Map<String, String> flags = new TreeMap<>();
    CamundaInputOutput io = inputOutput(node);
    if (io != null) {
      for (CamundaOutputParameter parameter : io.getCamundaOutputParameters()) {
        String value = parameter.getTextContent().trim();
        if (value.equals("${true}") || value.equals("${false}")) {
          flags.put(parameter.getCamundaName(), value);
        }
      }
    }
    return flags;
  }

  /** Whether a flow's condition {@code ${flag}} or {@code ${!flag}} can hold with these flags. */
  private static boolean possible(String condition, Map<String, String> flags) {
    for (Map.Entry<String, String> flag : flags.entrySet()) {
      boolean value = flag.getValue().equals("${true}");
      if (condition.equals("${" + flag.getKey() + "}")) {
        return value;
      }
      if (condition.equals("${!" + flag.getKey() + "}")) {
        return !value;
      }
    }
    return true;
  }

  private static CamundaInputOutput inputOutput(FlowNode node) {
    return node.getExtensionElements() == null
        ? null
        : node
            .getExtensionElements()
            .getElementsQuery()
            .filterByType(CamundaInputOutput.class)
            .list()
            .stream()
            .findFirst()
            .orElse(null);
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
