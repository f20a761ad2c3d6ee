package org.cpor.claims.process;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.cpor.claims.process.ClaimProcess.Elements.*;
import static org.cpor.claims.process.ClaimProcess.Variables.*;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.community.process_test_coverage.spring_test.common.ProcessEngineCoverageProperties;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimContent;
import org.cpor.claims.claim.ClaimDisputes;
import org.cpor.claims.claim.ClaimEvent;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimProblems;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.claim.PartnerClaims;
import org.cpor.claims.claim.RejectionReason;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.ClaimFixtures.Tenant;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestExecutionListeners;

/**
 * Every path of {@code cpor-claim} on the real application: real delegates, H2, GreenMail as the
 * SMTP server. Jobs are run by the test and the engine clock is moved, so timers are asserted, not
 * waited for.
 *
 * <p>At history level {@code full}: its path assertions ({@code hasPassed}) and the model's
 * coverage read the activity instance of every element, which the application's level {@code cpor}
 * writes only where a claim waits (docs/history.md; what {@code cpor} keeps is
 * ClaimHistoryLevelTest's). Every other test of the application runs at {@code cpor}.
 */
@SpringBootTest(properties = "camunda.bpm.history-level=full")
@ActiveProfiles("test")
@Import({ProcessEngineCoverageConfiguration.class, ClaimProcessTest.FullCoverage.class})
@TestExecutionListeners(
    listeners = ProcessEngineCoverageTestExecutionListener.class,
    mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
class ClaimProcessTest {

  private static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");

  /** Monday 30 November 2026, 10:00 in Redmond. */
  private static final ZonedDateTime MONDAY = LocalDateTime.parse("2026-11-30T10:00").atZone(ZONE);

  /** Five business days later. */
  private static final ZonedDateTime NEXT_MONDAY =
      LocalDateTime.parse("2026-12-07T10:00").atZone(ZONE);

  @TestConfiguration
  static class FullCoverage {
    /** Primary, so that it wins over the library's default properties (which assert nothing). */
    @Bean
    @Primary
    ProcessEngineCoverageProperties fullCoverageProperties() {
      return ProcessEngineCoverageProperties.Companion.builder()
          .assertClassCoverageAtLeast(1.0)
          .build();
    }
  }

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired ClaimRepository claims;
  @Autowired ClaimHistory history;
  @Autowired AssociationRegister associations;
  @Autowired JdbcClient jdbc;
  @Autowired IdentityService identityService;
  @Autowired PartnerClaims partnerClaims;
  @Autowired ClaimDisputes disputes;
  @Autowired MeterRegistry meters;

  private String partnerId;
  private Tenant tenant;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    ClockUtil.setCurrentTime(Date.from(MONDAY.toInstant()));
    partnerId = ClaimFixtures.newRegisteredPartner(jdbc);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  // --- approve → official
  // -------------------------------------------------------------------------

  @Test
  void approvedClaimBecomesOfficialWhenTheCustomerStaysSilent() throws Exception {
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));
    String claimId = instance.getBusinessKey();

    assertThat(instance).isWaitingAt(TASK_VALIDATE_CLAIM);
    Assertions.assertThat(claimId).startsWith("CPOR-");
    Task review = task(instance);
    Assertions.assertThat(review.getDueDate()).isEqualTo(Date.from(NEXT_MONDAY.toInstant()));
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.UNDER_REVIEW);
    Assertions.assertThat(claim(instance).content().workloads())
        .containsExactly("Teams", "Exchange");

    decide(instance, "APPROVE");
    assertThat(instance).isWaitingAt(TASK_NOTIFY_CUSTOMER);
    execute(job(TASK_NOTIFY_CUSTOMER, instance));

    assertThat(instance).isWaitingAt(GATEWAY_AWAIT_CUSTOMER);
    Job optOutTimer = job(TIMER_OPT_OUT_WINDOW_ELAPSED, instance);
    Assertions.assertThat(optOutTimer.getDuedate()).isEqualTo(Date.from(NEXT_MONDAY.toInstant()));
    Assertions.assertThat(runtimeService.getVariable(instance.getId(), OPT_OUT_DEADLINE))
        .isEqualTo(optOutTimer.getDuedate());
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.APPROVED);

    MimeMessage notice = onlyMailTo("chris@" + tenant.domain());
    Assertions.assertThat(notice.getSubject()).contains(claimId);
    Assertions.assertThat(body(notice))
        .contains(
            claimId,
            "Pat Partner " + partnerId,
            partnerId,
            "Teams, Exchange",
            tenant.id(),
            "Monday 7 December 2026, 10:00 Pacific Time",
            "opt out");

    ClockUtil.setCurrentTime(optOutTimer.getDuedate());
    execute(optOutTimer);
    execute(job(TASK_EMAIL_ASSOCIATION_OFFICIAL, instance));

    assertThat(instance).isEnded().hasPassed(TASK_FINALIZE_ASSOCIATION, END_ASSOCIATION_OFFICIAL);
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.OFFICIAL);
    Assertions.assertThat(associations.ofClaim(claimId))
        .extracting(Association::workload, Association::status, Association::partnerId)
        .containsExactlyInAnyOrder(
            Assertions.tuple("Teams", AssociationStatus.OFFICIAL, partnerId),
            Assertions.tuple("Exchange", AssociationStatus.OFFICIAL, partnerId));
    MimeMessage official = onlyMailTo("pat@partner-" + partnerId + ".example.com");
    Assertions.assertThat(official.getSubject())
        .isEqualTo("CPOR claim " + claimId + ": association official");
    Assertions.assertThat(events(claimId))
        .containsSubsequence(
            ClaimEventType.SUBMITTED,
            ClaimEventType.CHECKS_PASSED,
            ClaimEventType.REVIEW_STARTED,
            ClaimEventType.APPROVED_BY_VALIDATOR,
            ClaimEventType.CUSTOMER_NOTIFIED,
            ClaimEventType.OFFICIAL,
            ClaimEventType.EMAIL_SENT);
  }

  // --- approve → opt-out
  // --------------------------------------------------------------------------

  @Test
  void customerOptingOutRejectsTheClaimAsCustomerDeclined() throws Exception {
    ProcessInstance instance = approvedAndNotified();

    runtimeService
        .createMessageCorrelation(ClaimProcess.Messages.CUSTOMER_OPTED_OUT)
        .processInstanceBusinessKey(instance.getBusinessKey())
        .correlate();
    execute(job(TASK_EMAIL_REJECTION, instance));

    assertThat(instance)
        .isEnded()
        .hasPassed(MESSAGE_CUSTOMER_OPTED_OUT, TASK_REJECT_CLAIM, END_CLAIM_REJECTED)
        .hasNotPassed(TASK_FINALIZE_ASSOCIATION);
    Claim claim = claim(instance);
    Assertions.assertThat(claim.status()).isEqualTo(ClaimStatus.REJECTED);
    Assertions.assertThat(claim.rejectionReason()).isEqualTo(RejectionReason.CUSTOMER_DECLINED);
    Assertions.assertThat(associations.ofClaim(claim.id())).isEmpty();
    MimeMessage rejection = onlyMailTo(claim.content().partnerContactEmail());
    Assertions.assertThat(rejection.getSubject())
        .isEqualTo("CPOR claim " + claim.id() + " rejected: Customer declined");
    Assertions.assertThat(body(rejection))
        .contains("The customer opted out", "This rejection cannot be disputed")
        .doesNotContain("/dispute");
  }

  // --- more information → answer → approve
  // --------------------------------------------------------

  @Test
  void partnerAnswerSendsTheClaimBackToTheValidator() throws Exception {
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));
    String claimId = instance.getBusinessKey();

    requestInformation(instance);
    execute(job(TASK_REQUEST_INFORMATION, instance));

    assertThat(instance).isWaitingAt(GATEWAY_AWAIT_PARTNER_ANSWER);
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.PARTNER_ACTION_REQUIRED);
    Assertions.assertThat(job(TIMER_PARTNER_ANSWER_OVERDUE, instance).getDuedate())
        .isEqualTo(Date.from(NEXT_MONDAY.toInstant()));
    MimeMessage request = onlyMailTo(claim(instance).content().partnerContactEmail());
    Assertions.assertThat(request.getSubject())
        .isEqualTo("CPOR claim " + claimId + ": more information needed");
    Assertions.assertThat(body(request))
        .contains(
            "Customer signature missing",
            "Please send the statement of work signed by the customer.",
            "Monday 7 December 2026, 10:00 Pacific Time",
            "no partner response");

    ZonedDateTime wednesday = MONDAY.plusDays(2);
    ClockUtil.setCurrentTime(Date.from(wednesday.toInstant()));
    runtimeService
        .createMessageCorrelation(ClaimProcess.Messages.PARTNER_INFORMATION_PROVIDED)
        .processInstanceBusinessKey(claimId)
        .setVariable(PARTNER_ANSWER, "Signed statement of work attached.")
        .setVariable(PROOF_OF_EXECUTION, "https://partner.example.com/sow-signed.pdf")
        .correlate();

    assertThat(instance).isWaitingAt(TASK_VALIDATE_CLAIM).hasPassed(TASK_RECORD_PARTNER_ANSWER);
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.UNDER_REVIEW);
    Assertions.assertThat(claim(instance).content().proofOfExecution())
        .isEqualTo("https://partner.example.com/sow-signed.pdf");
    // Wednesday 2 December + 5 business days.
    Assertions.assertThat(task(instance).getDueDate())
        .isEqualTo(Date.from(LocalDateTime.parse("2026-12-09T10:00").atZone(ZONE).toInstant()));
    Map<String, Object> form = taskService.getVariables(task(instance).getId());
    Assertions.assertThat(form).doesNotContainKeys(DECISION, DECISION_COMMENT, INFORMATION_REASON);
    Assertions.assertThat((String) form.get(COMMENT_HISTORY))
        .contains(
            "Rolled out Teams", "Customer signature missing", "Signed statement of work attached.");

    decide(instance, "APPROVE");
    execute(job(TASK_NOTIFY_CUSTOMER, instance));
    assertThat(instance).isWaitingAt(GATEWAY_AWAIT_CUSTOMER);
    Assertions.assertThat(events(claimId))
        .containsSubsequence(
            ClaimEventType.INFORMATION_REQUESTED,
            ClaimEventType.EMAIL_SENT,
            ClaimEventType.PARTNER_ANSWERED,
            ClaimEventType.REVIEW_STARTED,
            ClaimEventType.APPROVED_BY_VALIDATOR);
  }

  // --- more information → silence → rejected
  // ------------------------------------------------------

  @Test
  void partnerSilenceForFiveBusinessDaysRejectsTheClaim() throws Exception {
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));
    requestInformation(instance);
    execute(job(TASK_REQUEST_INFORMATION, instance));

    Job overdue = job(TIMER_PARTNER_ANSWER_OVERDUE, instance);
    Assertions.assertThat(overdue.getDuedate()).isEqualTo(Date.from(NEXT_MONDAY.toInstant()));
    ClockUtil.setCurrentTime(overdue.getDuedate());
    execute(overdue);
    execute(job(TASK_EMAIL_REJECTION, instance));

    assertThat(instance)
        .isWaitingAt(GATEWAY_AWAIT_DISPUTE)
        .hasPassed(TIMER_PARTNER_ANSWER_OVERDUE, END_PARTNER_ANSWER_OVERDUE);
    Claim claim = claim(instance);
    Assertions.assertThat(claim.rejectionReason()).isEqualTo(RejectionReason.NO_PARTNER_RESPONSE);
    List<MimeMessage> mails = mailsTo(claim.content().partnerContactEmail());
    Assertions.assertThat(mails).hasSize(2);
    Assertions.assertThat(mails.get(1).getSubject())
        .isEqualTo("CPOR claim " + claim.id() + " rejected: No partner response");
    Assertions.assertThat(body(mails.get(1)))
        .contains("Monday 7 December 2026, 10:00 Pacific Time");
  }

  // --- validator rejects
  // --------------------------------------------------------------------------

  @Test
  void validatorRejectsWithReasonAndComment() throws Exception {
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));

    decide(
        instance,
        Map.of(
            DECISION,
            "REJECT",
            REJECTION_REASON,
            "MISSING_CUSTOMER_CONSENT",
            DECISION_COMMENT,
            "The statement of work is not signed by the customer."));
    execute(job(TASK_EMAIL_REJECTION, instance));

    assertThat(instance)
        .isWaitingAt(GATEWAY_AWAIT_DISPUTE)
        .hasPassed(TASK_REJECT_CLAIM)
        .hasNotPassed(TASK_NOTIFY_CUSTOMER);
    Claim claim = claim(instance);
    Assertions.assertThat(claim.rejectionReason())
        .isEqualTo(RejectionReason.MISSING_CUSTOMER_CONSENT);
    MimeMessage rejection = onlyMailTo(claim.content().partnerContactEmail());
    Assertions.assertThat(rejection.getSubject())
        .isEqualTo(
            "CPOR claim "
                + claim.id()
                + " rejected: Missing customer consent on proof of execution");
    // Monday 30 November + 30 calendar days; the partner is told how to dispute, and until when.
    Assertions.assertThat(body(rejection))
        .contains(
            "The statement of work is not signed by the customer.",
            "disputed once within 30 days",
            "until Wednesday 30 December 2026, 10:00 Pacific Time",
            "POST /api/claims/" + claim.id() + "/dispute");
    Assertions.assertThat(mailsTo(claim.content().customerContactEmail())).isEmpty();
  }

  @Test
  void incompleteDecisionsAreRefusedAndTheTaskStaysOpen() {
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));
    Task review = task(instance);

    assertRefused(
        review,
        Map.of(DECISION, "MAYBE"),
        "decision: must be one of [APPROVE, REQUEST_INFORMATION, REJECT]");
    assertRefused(
        review,
        Map.of(DECISION, "REJECT", DECISION_COMMENT, "no reason"),
        "rejectionReason: is required");
    assertRefused(
        review,
        Map.of(DECISION, "REJECT", REJECTION_REASON, "CUSTOMER_DECLINED", DECISION_COMMENT, "x"),
        "rejectionReason: must be one of");
    assertRefused(
        review,
        Map.of(DECISION, "REQUEST_INFORMATION", INFORMATION_REASON, "DATES_MISSING_OR_TOO_OLD"),
        "decisionComment: is required");
    assertRefused(
        review,
        Map.of(
            DECISION,
            "REQUEST_INFORMATION",
            INFORMATION_REASON,
            "DATES_MISSING_OR_TOO_OLD",
            DECISION_COMMENT,
            "x".repeat(2001)),
        "decisionComment: must be at most 2000 characters");

    assertThat(instance).isWaitingAt(TASK_VALIDATE_CLAIM);
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.UNDER_REVIEW);
    Assertions.assertThat(events(instance.getBusinessKey()))
        .doesNotContain(ClaimEventType.REJECTED_BY_VALIDATOR);
  }

  // --- automated checks
  // ---------------------------------------------------------------------------

  @Test
  void identicalClaimOfTheSamePartnerIsRejectedAsDuplicate() throws Exception {
    ProcessInstance first = submit(ClaimFixtures.claim(partnerId, tenant));
    Map<String, Object> again = ClaimFixtures.claim(partnerId, tenant);
    again.put(WORKLOADS, "Teams");
    ProcessInstance second = submit(again);

    assertThat(second).hasPassed(TASK_RUN_AUTOMATED_CHECKS).hasNotPassed(TASK_VALIDATE_CLAIM);
    execute(job(TASK_EMAIL_REJECTION, second));
    assertThat(second).isWaitingAt(GATEWAY_AWAIT_DISPUTE);
    Assertions.assertThat(claim(second).rejectionReason()).isEqualTo(RejectionReason.DUPLICATE);
    MimeMessage rejection = onlyMailTo(claim(second).content().partnerContactEmail());
    Assertions.assertThat(rejection.getSubject()).endsWith("rejected: Duplicate");
    Assertions.assertThat(body(rejection)).contains("Duplicate of " + first.getBusinessKey());
    assertThat(first).isWaitingAt(TASK_VALIDATE_CLAIM);
  }

  @Test
  void claimBreakingTheRulesIsRejectedNamingEachRule() throws Exception {
    Map<String, Object> broken = ClaimFixtures.claim(partnerId, tenant);
    broken.put(CUSTOMER_TENANT_ID, "not-a-guid");
    broken.put(CUSTOMER_CONTACT_EMAIL, "chris at contoso");
    broken.put(WORKLOADS, "Teams, Minesweeper");
    broken.put(ACTIVITY, "REVENUE_ASSOCIATION");
    broken.remove(CUSTOMER_CONTACT_TITLE);
    ProcessInstance instance = submit(broken);
    execute(job(TASK_EMAIL_REJECTION, instance));

    assertThat(instance).isWaitingAt(GATEWAY_AWAIT_DISPUTE).hasNotPassed(TASK_VALIDATE_CLAIM);
    Assertions.assertThat(claim(instance).rejectionReason())
        .isEqualTo(RejectionReason.FAILED_AUTOMATED_CHECKS);
    Assertions.assertThat(body(onlyMailTo(claim(instance).content().partnerContactEmail())))
        .contains(
            "customerTenantId: must be a GUID",
            "customerContactEmail: must be an email address",
            "customerContactTitle: is required",
            "workloads: 'Minesweeper' is not in the catalogue for MICROSOFT_365",
            "activity: REVENUE_ASSOCIATION is only for solution area BUSINESS_APPLICATIONS");
  }

  @Test
  void domainThatDoesNotMatchTheTenantIsRejected() {
    Map<String, Object> mismatched = ClaimFixtures.claim(partnerId, tenant);
    mismatched.put(CUSTOMER_DOMAIN, "fabrikam.example.com");
    ProcessInstance instance = submit(mismatched);

    assertThat(instance).hasNotPassed(TASK_VALIDATE_CLAIM);
    Assertions.assertThat(claim(instance).rejectionReason())
        .isEqualTo(RejectionReason.FAILED_AUTOMATED_CHECKS);
    Assertions.assertThat(claim(instance).checkFindings())
        .contains(
            "customerDomain: must match the customer tenant; tenant "
                + tenant.id()
                + " belongs to "
                + tenant.domain());
  }

  @Test
  void unknownTenantIsFlaggedForTheValidatorNotRejected() {
    Map<String, Object> unknown =
        ClaimFixtures.claim(partnerId, new Tenant(UUID.randomUUID().toString(), "new.example.com"));
    ProcessInstance instance = submit(unknown);

    assertThat(instance).isWaitingAt(TASK_VALIDATE_CLAIM);
    Assertions.assertThat(
            taskService.getVariable(task(instance).getId(), CHECK_FINDINGS).toString())
        .contains("Flag: Unknown tenant");
  }

  @Test
  void businessApplicationsClaimNeedsItsSubscriptionTechnicalContactAndRevenueNames() {
    Map<String, Object> dynamics = ClaimFixtures.claim(partnerId, tenant);
    dynamics.put(SOLUTION_AREA, "BUSINESS_APPLICATIONS");
    dynamics.put(WORKLOADS, "Dynamics 365 Sales");
    ProcessInstance withoutSubscription = submit(dynamics);
    Assertions.assertThat(claim(withoutSubscription).checkFindings())
        .contains("subscriptionId: is required");

    dynamics.put(SUBSCRIPTION_ID, UUID.randomUUID().toString());
    dynamics.put(ACTIVITY, "REVENUE_ASSOCIATION");
    ProcessInstance withoutNames = submit(dynamics);
    Assertions.assertThat(claim(withoutNames).checkFindings())
        .contains(
            "customerTechnicalContactName: is required",
            "solutionSellerName: is required",
            "isvProductName: is required");

    dynamics.put(CUSTOMER_TECHNICAL_CONTACT_NAME, "Terry Tech");
    dynamics.put(CUSTOMER_TECHNICAL_CONTACT_EMAIL, "terry@" + tenant.domain());
    dynamics.put(SOLUTION_SELLER_NAME, "Sam Seller");
    dynamics.put(CUSTOMER_NAME, "Contoso Ltd");
    dynamics.put(ISV_PRODUCT_NAME, "Fabrikam Insights");
    ProcessInstance complete = submit(dynamics);
    assertThat(complete).isWaitingAt(TASK_VALIDATE_CLAIM);
    Assertions.assertThat(claim(complete).content())
        .extracting(
            ClaimContent::solutionSellerName,
            ClaimContent::customerName,
            ClaimContent::isvProductName)
        .containsExactly("Sam Seller", "Contoso Ltd", "Fabrikam Insights");
    // The process keeps identifiers only: the fields live in the claim table.
    Assertions.assertThat(runtimeService.getVariables(complete.getId()))
        .doesNotContainKeys(ISV_PRODUCT_NAME, CUSTOMER_TECHNICAL_CONTACT_EMAIL);
  }

  // --- competing → supersede
  // ----------------------------------------------------------------------

  @Test
  void competingClaimIsFlaggedAndSupersedesTheOfficialPartnerWhenItBecomesOfficial()
      throws Exception {
    ProcessInstance holder = approvedAndNotified();
    ClockUtil.setCurrentTime(Date.from(NEXT_MONDAY.toInstant()));
    execute(job(TIMER_OPT_OUT_WINDOW_ELAPSED, holder));
    execute(job(TASK_EMAIL_ASSOCIATION_OFFICIAL, holder));
    String holderPartner = partnerId;

    String competitor = ClaimFixtures.newRegisteredPartner(jdbc);
    Map<String, Object> competing = ClaimFixtures.claim(competitor, tenant);
    competing.put(WORKLOADS, "Teams");
    ProcessInstance instance = submit(competing);

    assertThat(instance).isWaitingAt(TASK_VALIDATE_CLAIM);
    Assertions.assertThat(
            taskService.getVariable(task(instance).getId(), CHECK_FINDINGS).toString())
        .contains(
            "Competing claim: Teams of this tenant is officially held by "
                + ClaimFixtures.organisationName(holderPartner)
                + " (Microsoft partner "
                + holderPartner
                + ")");

    decide(instance, "APPROVE");
    execute(job(TASK_NOTIFY_CUSTOMER, instance));
    Job timer = job(TIMER_OPT_OUT_WINDOW_ELAPSED, instance);
    ClockUtil.setCurrentTime(timer.getDuedate());
    execute(timer);
    execute(job(TASK_EMAIL_SUPERSEDED_PARTNER, instance));
    execute(job(TASK_EMAIL_ASSOCIATION_OFFICIAL, instance));

    assertThat(instance)
        .isEnded()
        .hasPassed(TASK_EMAIL_SUPERSEDED_PARTNER, END_ASSOCIATION_OFFICIAL);
    Assertions.assertThat(associations.ofClaim(holder.getBusinessKey()))
        .extracting(Association::workload, Association::status, Association::supersededByClaimId)
        .containsExactlyInAnyOrder(
            Assertions.tuple("Teams", AssociationStatus.SUPERSEDED, instance.getBusinessKey()),
            Assertions.tuple("Exchange", AssociationStatus.OFFICIAL, null));
    Assertions.assertThat(associations.holdersOf(tenant.id(), List.of("Teams")))
        .extracting(Association::partnerId)
        .containsExactly(competitor);
    List<MimeMessage> holderMails = mailsTo("pat@partner-" + holderPartner + ".example.com");
    Assertions.assertThat(holderMails)
        .extracting(MimeMessage::getSubject)
        .contains("CPOR claim " + holder.getBusinessKey() + ": association for Teams superseded");
    Assertions.assertThat(events(holder.getBusinessKey())).contains(ClaimEventType.SUPERSEDED);
  }

  // --- disputes
  // -----------------------------------------------------------------------------------

  @Test
  void overturnedDisputeMakesTheClaimOfficialAfterTheOptOutWindow() throws Exception {
    ProcessInstance instance = rejectedBy("vera");
    String claimId = instance.getBusinessKey();
    ClockUtil.setCurrentTime(Date.from(MONDAY.plusDays(10).toInstant()));

    dispute(claimId, "The signed SOW was attached on page 3.");

    assertThat(instance).isWaitingAt(TASK_REVIEW_DISPUTE);
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.UNDER_REVIEW);
    Task review = task(instance);
    Assertions.assertThat(review.getName())
        .isEqualTo("Review dispute " + claimId + " · " + tenant.domain());
    Map<String, Object> form = taskService.getVariables(review.getId());
    Assertions.assertThat(form)
        .containsEntry(DISPUTE_REASON, "The signed SOW was attached on page 3.")
        .containsEntry(REJECTED_BY, "vera")
        .containsEntry(REJECTION_REASON_TEXT, "Missing products")
        .containsEntry(REJECTION_DETAIL, "Teams is not in the statement of work.")
        .containsEntry(CUSTOMER_DOMAIN, tenant.domain());

    taskService.setAssignee(review.getId(), "victor");
    taskService.complete(
        review.getId(),
        new HashMap<>(
            Map.of(DISPUTE_DECISION, "OVERTURN", DISPUTE_COMMENT, "Page 3 shows Teams.")));
    execute(job(TASK_NOTIFY_CUSTOMER, instance));
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.APPROVED);
    Assertions.assertThat(claim(instance).rejectionReason()).isNull();
    Assertions.assertThat(mailsTo("chris@" + tenant.domain())).hasSize(1);

    Job optOutTimer = job(TIMER_OPT_OUT_WINDOW_ELAPSED, instance);
    ClockUtil.setCurrentTime(optOutTimer.getDuedate());
    execute(optOutTimer);
    execute(job(TASK_EMAIL_ASSOCIATION_OFFICIAL, instance));

    assertThat(instance)
        .isEnded()
        .hasPassed(MESSAGE_CLAIM_DISPUTED, TASK_REVIEW_DISPUTE, END_ASSOCIATION_OFFICIAL);
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.OFFICIAL);
    Assertions.assertThat(disputes.of(claimId).orElseThrow())
        .extracting(ClaimDisputes.Dispute::outcome, ClaimDisputes.Dispute::decidedBy)
        .containsExactly(ClaimDisputes.Outcome.OVERTURNED, "victor");
    Assertions.assertThat(events(claimId))
        .containsSubsequence(
            ClaimEventType.REJECTED,
            ClaimEventType.DISPUTED,
            ClaimEventType.REVIEW_STARTED,
            ClaimEventType.DISPUTE_OVERTURNED,
            ClaimEventType.CUSTOMER_NOTIFIED,
            ClaimEventType.OFFICIAL);
  }

  @Test
  void upheldDisputeLeavesTheClaimRejectedAndTellsThePartner() throws Exception {
    ProcessInstance instance = rejectedBy("vera");
    String claimId = instance.getBusinessKey();
    dispute(claimId, "Please look again.");
    Task review = task(instance);

    // Four eyes: the validator who rejected the claim may not decide its dispute.
    taskService.setAssignee(review.getId(), "vera");
    assertThatThrownBy(
            () ->
                taskService.complete(
                    review.getId(),
                    new HashMap<>(Map.of(DISPUTE_DECISION, "OVERTURN", DISPUTE_COMMENT, "Ok."))))
        .hasRootCauseInstanceOf(ClaimAccessDenied.class)
        .rootCause()
        .hasMessageContaining("another validator must review its dispute (four eyes)");
    taskService.setAssignee(review.getId(), "victor");
    assertRefused(review, Map.of(DISPUTE_DECISION, "MAYBE"), "disputeDecision: must be one of");
    assertRefused(review, Map.of(DISPUTE_DECISION, "UPHOLD"), "disputeComment: is required");
    assertThat(instance).isWaitingAt(TASK_REVIEW_DISPUTE);

    taskService.complete(
        review.getId(),
        new HashMap<>(Map.of(DISPUTE_DECISION, "UPHOLD", DISPUTE_COMMENT, "Still no Teams.")));
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.REJECTED);
    execute(job(TASK_EMAIL_DISPUTE_UPHELD, instance));

    assertThat(instance).isEnded().hasPassed(END_DISPUTE_UPHELD).hasNotPassed(TASK_NOTIFY_CUSTOMER);
    Claim claim = claim(instance);
    Assertions.assertThat(claim.rejectionReason()).isEqualTo(RejectionReason.MISSING_PRODUCTS);
    List<MimeMessage> mails = mailsTo(claim.content().partnerContactEmail());
    Assertions.assertThat(mails)
        .extracting(MimeMessage::getSubject)
        .containsExactly(
            "CPOR claim " + claimId + " rejected: Missing products",
            "CPOR claim " + claimId + ": dispute reviewed, rejection upheld");
    Assertions.assertThat(body(mails.get(1))).contains("Still no Teams.", "final");
    Assertions.assertThat(events(claimId)).contains(ClaimEventType.DISPUTE_UPHELD);
  }

  @Test
  void withoutADisputeFor30DaysTheRejectionIsFinal() throws Exception {
    ProcessInstance instance = rejectedBy("vera");
    Job window = job(TIMER_DISPUTE_WINDOW_ELAPSED, instance);
    Assertions.assertThat(window.getDuedate())
        .isEqualTo(Date.from(MONDAY.plusDays(30).toInstant()));

    ClockUtil.setCurrentTime(window.getDuedate());
    execute(window);

    assertThat(instance).isEnded().hasPassed(TASK_CLOSE_DISPUTE_WINDOW, END_REJECTION_FINAL);
    Assertions.assertThat(events(instance.getBusinessKey()))
        .contains(ClaimEventType.DISPUTE_WINDOW_CLOSED);
    ClockUtil.setCurrentTime(Date.from(MONDAY.plusDays(31).toInstant()));
    assertThatThrownBy(() -> dispute(instance.getBusinessKey(), "Too late?"))
        .isInstanceOf(ClaimProblems.Gone.class)
        .hasMessageContaining("30 days");
  }

  // --- late reviews and reminders
  // ----------------------------------------------------------------

  @Test
  void reviewPastItsDueDateIsEscalatedOnceAndCounted() throws Exception {
    TestUsers.lead(identityService);
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));
    String claimId = instance.getBusinessKey();
    Task review = task(instance);
    Assertions.assertThat(review.getName())
        .isEqualTo("Validate claim " + claimId + " · " + tenant.domain());
    Assertions.assertThat(review.getPriority()).isEqualTo(50);
    double punctual = overdueGauge();

    Job late = job(TIMER_REVIEW_OVERDUE, instance);
    Assertions.assertThat(late.getDuedate()).isEqualTo(review.getDueDate());
    ClockUtil.setCurrentTime(Date.from(NEXT_MONDAY.plusMinutes(1).toInstant()));
    Assertions.assertThat(overdueGauge()).isGreaterThanOrEqualTo(punctual + 1);
    execute(late);
    execute(job(TASK_ESCALATE_LATE_REVIEW, instance));

    assertThat(instance).isWaitingAt(TASK_VALIDATE_CLAIM).hasPassed(END_REVIEW_ESCALATED);
    Assertions.assertThat(task(instance).getPriority()).isGreaterThan(50);
    MimeMessage escalation = onlyMailTo(TestUsers.leadEmail());
    Assertions.assertThat(escalation.getSubject())
        .isEqualTo("Overdue: Validate claim " + claimId + " · " + tenant.domain());
    Assertions.assertThat(body(escalation)).contains(partnerId, "Monday 7 December 2026");
    Assertions.assertThat(events(claimId)).containsOnlyOnce(ClaimEventType.REVIEW_OVERDUE);
    Assertions.assertThat(
            managementService.createJobQuery().processInstanceId(instance.getId()).count())
        .isZero();

    double overdue = overdueGauge();
    decide(instance, "APPROVE");
    Assertions.assertThat(overdueGauge()).isEqualTo(overdue - 1);
  }

  @Test
  void lateDisputeReviewIsEscalatedToo() throws Exception {
    TestUsers.lead(identityService);
    ProcessInstance instance = rejectedBy("vera");
    dispute(instance.getBusinessKey(), "Please look again.");

    Job late = job(TIMER_DISPUTE_REVIEW_OVERDUE, instance);
    ClockUtil.setCurrentTime(late.getDuedate());
    execute(late);
    execute(job(TASK_ESCALATE_LATE_DISPUTE_REVIEW, instance));

    assertThat(instance).isWaitingAt(TASK_REVIEW_DISPUTE).hasPassed(END_DISPUTE_REVIEW_ESCALATED);
    Assertions.assertThat(task(instance).getPriority()).isGreaterThan(50);
    Assertions.assertThat(onlyMailTo(TestUsers.leadEmail()).getSubject())
        .startsWith("Overdue: Review dispute " + instance.getBusinessKey());
  }

  @Test
  void partnerIsRemindedOnceTwoBusinessDaysBeforeTheInformationDeadline() throws Exception {
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));
    requestInformation(instance);
    execute(job(TASK_REQUEST_INFORMATION, instance));

    Job reminder = job(TIMER_INFORMATION_REMINDER, instance);
    // The deadline is Monday 7 December: two business days before is Thursday 3 December.
    Assertions.assertThat(reminder.getDuedate())
        .isEqualTo(Date.from(LocalDateTime.parse("2026-12-03T10:00").atZone(ZONE).toInstant()));
    ClockUtil.setCurrentTime(reminder.getDuedate());
    execute(reminder);
    execute(job(TASK_REMIND_PARTNER, instance));

    assertThat(instance).isWaitingAt(GATEWAY_AWAIT_PARTNER_ANSWER).hasPassed(END_PARTNER_REMINDED);
    List<MimeMessage> mails = mailsTo(claim(instance).content().partnerContactEmail());
    Assertions.assertThat(mails)
        .extracting(MimeMessage::getSubject)
        .containsExactly(
            "CPOR claim " + instance.getBusinessKey() + ": more information needed",
            "CPOR claim "
                + instance.getBusinessKey()
                + ": reminder, more information needed by Monday 7 December 2026, 10:00 Pacific Time");
    Assertions.assertThat(
            managementService
                .createJobQuery()
                .processInstanceId(instance.getId())
                .activityId(TIMER_INFORMATION_REMINDER)
                .count())
        .isZero();
  }

  // --- withdrawal --------------------------------------------------------------------------------

  @Test
  void partnerWithdrawalRejectsTheClaimWhereverItWaits() throws Exception {
    ProcessInstance instance = approvedAndNotified();

    runtimeService
        .createMessageCorrelation(ClaimProcess.Messages.CLAIM_WITHDRAWN)
        .processInstanceBusinessKey(instance.getBusinessKey())
        .setVariable(REJECTION_DETAIL, "Withdrawn by the partner: wrong activity.")
        .correlate();
    execute(job(TASK_EMAIL_WITHDRAWAL, instance));

    assertThat(instance)
        .isEnded()
        .hasPassed(
            START_CLAIM_WITHDRAWN,
            EVENT_WITHDRAWN_AT_PARTNER_REQUEST,
            TASK_REJECT_WITHDRAWN_CLAIM,
            END_CLAIM_WITHDRAWN)
        .hasNotPassed(TASK_FINALIZE_ASSOCIATION);
    Assertions.assertThat(
            managementService.createJobQuery().processInstanceId(instance.getId()).count())
        .isZero();
    Claim claim = claim(instance);
    Assertions.assertThat(claim.rejectionReason()).isEqualTo(RejectionReason.PARTNER_REQUEST);
    MimeMessage confirmation = mailsTo(claim.content().partnerContactEmail()).get(0);
    Assertions.assertThat(confirmation.getSubject())
        .isEqualTo("CPOR claim " + claim.id() + " rejected: Partner request");
    Assertions.assertThat(body(confirmation)).contains("Withdrawn by the partner: wrong activity.");
  }

  // --- email failures
  // -----------------------------------------------------------------------------

  @Test
  void smtpOutageBecomesRetriedJobThenIncidentAndLosesNothing() throws Exception {
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));
    decide(instance, "APPROVE");
    smtp.stop();

    Job notify = job(TASK_NOTIFY_CUSTOMER, instance);
    assertThatThrownBy(() -> managementService.executeJob(notify.getId()))
        .hasMessageContaining("Mail server connection failed");
    Job retried = job(TASK_NOTIFY_CUSTOMER, instance);
    Assertions.assertThat(retried.getRetries()).isEqualTo(2);
    // The retry cycle R3/PT5M: the next try is due five minutes later.
    Assertions.assertThat(retried.getDuedate())
        .isEqualTo(Date.from(MONDAY.plusMinutes(5).toInstant()));
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.UNDER_REVIEW);
    Assertions.assertThat(runtimeService.getVariable(instance.getId(), OPT_OUT_DEADLINE)).isNull();

    managementService.setJobRetries(retried.getId(), 1);
    assertThatThrownBy(() -> managementService.executeJob(retried.getId())).isNotNull();
    Assertions.assertThat(
            runtimeService.createIncidentQuery().processInstanceId(instance.getId()).count())
        .isEqualTo(1);

    smtp.start();
    managementService.setJobRetries(retried.getId(), 1);
    managementService.executeJob(retried.getId());
    assertThat(instance).isWaitingAt(GATEWAY_AWAIT_CUSTOMER);
    Assertions.assertThat(mailsTo("chris@" + tenant.domain())).hasSize(1);
    Assertions.assertThat(claim(instance).status()).isEqualTo(ClaimStatus.APPROVED);
  }

  // --- submission
  // ---------------------------------------------------------------------------------

  @Test
  void callerMayChooseTheClaimIdButNotReuseOne() {
    ProcessInstance instance =
        runtimeService.startProcessInstanceByKey(
            ClaimProcess.PROCESS_KEY,
            "PARTNER-REF-" + partnerId,
            ClaimFixtures.claim(partnerId, tenant));
    Assertions.assertThat(claims.findById("PARTNER-REF-" + partnerId)).isPresent();
    Assertions.assertThat(runtimeService.getVariable(instance.getId(), CLAIM_ID))
        .isEqualTo("PARTNER-REF-" + partnerId);

    Map<String, Object> other =
        ClaimFixtures.claim(ClaimFixtures.newRegisteredPartner(jdbc), tenant);
    assertThatThrownBy(
            () ->
                runtimeService.startProcessInstanceByKey(
                    ClaimProcess.PROCESS_KEY, "PARTNER-REF-" + partnerId, other))
        .hasMessageContaining(
            "businessKey: a claim with id PARTNER-REF-" + partnerId + " exists already");
  }

  @Test
  void inputThatCannotBeStoredIsRefusedAndLeavesNothingBehind() {
    Map<String, Object> tooLong = ClaimFixtures.claim(partnerId, tenant);
    tooLong.put(CLAIM_NAME, "x".repeat(201));
    long before = runtimeService.createProcessInstanceQuery().count();

    assertThatThrownBy(() -> submit(tooLong))
        .hasMessageContaining("claimName: must be at most 200 characters");
    Assertions.assertThat(runtimeService.createProcessInstanceQuery().count()).isEqualTo(before);
    Assertions.assertThat(
            jdbc.sql("select count(*) from claim where partner_id = ?")
                .param(partnerId)
                .query(Integer.class)
                .single())
        .isZero();
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private ProcessInstance submit(Map<String, Object> variables) {
    return runtimeService.startProcessInstanceByKey(ClaimProcess.PROCESS_KEY, variables);
  }

  private ProcessInstance approvedAndNotified() {
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));
    decide(instance, "APPROVE");
    execute(job(TASK_NOTIFY_CUSTOMER, instance));
    assertThat(instance).isWaitingAt(GATEWAY_AWAIT_CUSTOMER);
    return instance;
  }

  /** A claim that the validator {@code validator} rejected (missing products), mailed. */
  private ProcessInstance rejectedBy(String validator) {
    ProcessInstance instance = submit(ClaimFixtures.claim(partnerId, tenant));
    taskService.setAssignee(task(instance).getId(), validator);
    decide(
        instance,
        Map.of(
            DECISION,
            "REJECT",
            REJECTION_REASON,
            "MISSING_PRODUCTS",
            DECISION_COMMENT,
            "Teams is not in the statement of work."));
    execute(job(TASK_EMAIL_REJECTION, instance));
    assertThat(instance).isWaitingAt(GATEWAY_AWAIT_DISPUTE);
    return instance;
  }

  private void dispute(String claimId, String reason) {
    TestUsers.partner(identityService, partnerId);
    TestUsers.asPartner(
        identityService, partnerId, () -> partnerClaims.dispute(claimId, reason, null, null));
  }

  private double overdueGauge() {
    return meters.get("cpor.reviews.overdue").gauge().value();
  }

  private void decide(ProcessInstance instance, String decision) {
    decide(instance, Map.of(DECISION, decision));
  }

  private void decide(ProcessInstance instance, Map<String, Object> variables) {
    taskService.complete(task(instance).getId(), new HashMap<>(variables));
  }

  private void requestInformation(ProcessInstance instance) {
    decide(
        instance,
        Map.of(
            DECISION,
            "REQUEST_INFORMATION",
            INFORMATION_REASON,
            "CUSTOMER_SIGNATURE_MISSING",
            DECISION_COMMENT,
            "Please send the statement of work signed by the customer."));
  }

  private void assertRefused(Task task, Map<String, Object> variables, String message) {
    assertThatThrownBy(() -> taskService.complete(task.getId(), new HashMap<>(variables)))
        .hasRootCauseInstanceOf(ClaimInputRejected.class)
        .rootCause()
        .hasMessageContaining(message);
  }

  private Claim claim(ProcessInstance instance) {
    return claims.get(instance.getBusinessKey());
  }

  private List<ClaimEventType> events(String claimId) {
    return history.of(claimId).stream().map(ClaimEvent::type).toList();
  }

  private static List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            message -> {
              try {
                return Arrays.stream(message.getAllRecipients())
                    .anyMatch(r -> r.toString().equals(address));
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private static MimeMessage onlyMailTo(String address) {
    List<MimeMessage> mails = mailsTo(address);
    Assertions.assertThat(mails).as("mails to " + address).hasSize(1);
    return mails.get(0);
  }

  private static String body(MimeMessage message) throws Exception {
    return Mails.text(message);
  }
}
