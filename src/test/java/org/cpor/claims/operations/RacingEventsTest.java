package org.cpor.claims.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEvent;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimProblems;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.claim.PartnerClaims;
import org.cpor.claims.claim.RejectionReason;
import org.cpor.claims.optout.OptOutService;
import org.cpor.claims.optout.OptOutTokens;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.security.Roles;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Mails;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Two events on one claim at the same moment, many times over: whichever wins, the claim has exactly one
 * outcome, the same in the claim table, the process and the mails, and the loser gets a clear answer.
 */
@SpringBootTest
@ActiveProfiles("test")
class RacingEventsTest {

  static final int ROUNDS = Integer.getInteger("cpor.race.rounds", 200);

  @RegisterExtension
  static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

  static final ExecutorService RACERS = Executors.newFixedThreadPool(2);

  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired HistoryService historyService;
  @Autowired IdentityService identityService;
  @Autowired ClaimRepository claims;
  @Autowired ClaimHistory history;
  @Autowired AssociationRegister associations;
  @Autowired OptOutService optOuts;
  @Autowired OptOutTokens tokens;
  @Autowired PartnerClaims partnerClaims;
  @Autowired JdbcClient jdbc;

  private ClaimFixtures.Tenant tenant;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @AfterAll
  static void stopRacers() {
    RACERS.shutdownNow();
  }

  enum Outcome { DECLINED, OFFICIAL, ANSWERED, NO_PARTNER_RESPONSE, WITHDRAWN }

  @Test
  void customerOptOutAgainstTheOptOutTimer() throws Exception {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int round = 0; round < ROUNDS; round++) {
      smtp.purgeEmailFromAllMailboxes();
      ProcessInstance instance = approvedAndNotified();
      Claim claim = claims.get(instance.getBusinessKey());
      String token = tokens.issue(claim.id(), claim.optOutDeadline());
      Job timer = job(ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED, instance);

      race(() -> {
            try {
              OptimisticRetry.call(() -> optOuts.decline(token));
            } catch (OptOutService.OptOutClosed tooLate) {
              // the timer won: the page says the period has ended (410)
            }
          },
          () -> executeIfPresent(timer));
      finishJobs(instance);

      Outcome outcome = outcomeOf(instance, Outcome.DECLINED, Outcome.OFFICIAL);
      outcomes.merge(outcome, 1, Integer::sum);
      if (outcome == Outcome.OFFICIAL) {
        assertThat(associations.ofClaim(claim.id())).hasSize(2);
        assertThat(partnerMails(claim)).containsExactly("CPOR claim " + claim.id() + ": association official");
      } else {
        assertThat(associations.ofClaim(claim.id())).isEmpty();
        assertThat(events(claim, ClaimEventType.CUSTOMER_OPTED_OUT)).isEqualTo(1);
        assertThat(partnerMails(claim)).containsExactly("CPOR claim " + claim.id() + " rejected: Customer declined");
      }
    }
    report("opt-out vs timer", outcomes);
  }

  @Test
  void partnerAnswerAgainstTheInformationTimeout() throws Exception {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int round = 0; round < ROUNDS; round++) {
      smtp.purgeEmailFromAllMailboxes();
      String partnerId = ClaimFixtures.newPartnerId();
      ProcessInstance instance = submit(partnerId);
      taskService.complete(task(instance).getId(), Map.of("decision", "REQUEST_INFORMATION",
          "informationReason", "DATES_MISSING_OR_TOO_OLD", "decisionComment", "Dates, please."));
      managementService.executeJob(job(ClaimProcess.Elements.TASK_REQUEST_INFORMATION, instance).getId());
      Job timeout = job(ClaimProcess.Elements.TIMER_PARTNER_ANSWER_OVERDUE, instance);
      String claimId = instance.getBusinessKey();

      race(() -> asPartner(partnerId, () -> {
            try {
              OptimisticRetry.call(() -> partnerClaims.answer(claimId, "Dated SOW attached.", null, null));
            } catch (ClaimProblems.Conflict tooLate) {
              // the timeout won: 409, no request pending any more
            }
          }),
          () -> executeIfPresent(timeout));
      finishJobs(instance);

      Claim claim = claims.get(claimId);
      if (claim.status() == ClaimStatus.UNDER_REVIEW) {
        outcomes.merge(Outcome.ANSWERED, 1, Integer::sum);
        assertThat(taskService.createTaskQuery().processInstanceId(instance.getId()).count()).isEqualTo(1);
        assertThat(events(claim, ClaimEventType.PARTNER_ANSWERED)).isEqualTo(1);
        assertThat(partnerMails(claim)).containsExactly("CPOR claim " + claimId + ": more information needed");
      } else {
        outcomes.merge(Outcome.NO_PARTNER_RESPONSE, 1, Integer::sum);
        assertThat(claim.rejectionReason()).isEqualTo(RejectionReason.NO_PARTNER_RESPONSE);
        assertThat(historicEnd(instance)).isEqualTo(ClaimProcess.Elements.END_CLAIM_REJECTED);
        assertThat(events(claim, ClaimEventType.PARTNER_ANSWERED)).isZero();
        assertThat(partnerMails(claim)).containsExactly("CPOR claim " + claimId + ": more information needed",
            "CPOR claim " + claimId + " rejected: No partner response");
      }
    }
    report("partner answer vs information timeout", outcomes);
  }

  @Test
  void withdrawalAgainstTheOptOutTimer() throws Exception {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int round = 0; round < ROUNDS; round++) {
      smtp.purgeEmailFromAllMailboxes();
      ProcessInstance instance = approvedAndNotified();
      Claim claim = claims.get(instance.getBusinessKey());
      Job timer = job(ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED, instance);

      race(() -> asPartner(claim.partnerId(), () -> {
            try {
              OptimisticRetry.call(() -> partnerClaims.withdraw(claim.id(), "changed our mind"));
            } catch (ClaimProblems.Conflict tooLate) {
              // the timer won: 409, the claim is official
            }
          }),
          () -> executeIfPresent(timer));
      finishJobs(instance);

      Outcome outcome = outcomeOf(instance, Outcome.WITHDRAWN, Outcome.OFFICIAL);
      outcomes.merge(outcome, 1, Integer::sum);
      if (outcome == Outcome.WITHDRAWN) {
        assertThat(claims.get(claim.id()).rejectionReason()).isEqualTo(RejectionReason.PARTNER_REQUEST);
        assertThat(associations.ofClaim(claim.id())).isEmpty();
        assertThat(partnerMails(claim)).containsExactly("CPOR claim " + claim.id() + " rejected: Partner request");
      } else {
        assertThat(events(claim, ClaimEventType.WITHDRAWN)).isZero();
        assertThat(partnerMails(claim)).containsExactly("CPOR claim " + claim.id() + ": association official");
      }
    }
    report("withdrawal vs opt-out timer", outcomes);
  }

  @Test
  void theSameDeclineTwiceAtOnceCountsOnce() throws Exception {
    for (int round = 0; round < ROUNDS / 2; round++) {
      smtp.purgeEmailFromAllMailboxes();
      ProcessInstance instance = approvedAndNotified();
      Claim claim = claims.get(instance.getBusinessKey());
      String token = tokens.issue(claim.id(), claim.optOutDeadline());

      race(() -> OptimisticRetry.call(() -> optOuts.decline(token)), () -> OptimisticRetry.call(() -> optOuts.decline(token)));
      finishJobs(instance);

      assertThat(claims.get(claim.id()).rejectionReason()).isEqualTo(RejectionReason.CUSTOMER_DECLINED);
      assertThat(events(claim, ClaimEventType.CUSTOMER_OPTED_OUT)).isEqualTo(1);
      assertThat(partnerMails(claim)).containsExactly("CPOR claim " + claim.id() + " rejected: Customer declined");
    }
  }

  // --- helpers ------------------------------------------------------------------------------------

  private Outcome outcomeOf(ProcessInstance instance, Outcome rejected, Outcome official) {
    Claim claim = claims.get(instance.getBusinessKey());
    assertThat(runtimeService.createProcessInstanceQuery().processInstanceId(instance.getId()).count())
        .as("the process of %s has ended", claim.id()).isZero();
    String end = historicEnd(instance);
    if (claim.status() == ClaimStatus.OFFICIAL) {
      assertThat(end).isEqualTo(ClaimProcess.Elements.END_ASSOCIATION_OFFICIAL);
      return official;
    }
    assertThat(claim.status()).isEqualTo(ClaimStatus.REJECTED);
    assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instance.getId()).list())
        .as("%s ended rejected (last: %s)", claim.id(), end)
        .filteredOn(a -> List.of(ClaimProcess.Elements.END_CLAIM_REJECTED, ClaimProcess.Elements.END_CLAIM_WITHDRAWN)
            .contains(a.getActivityId()))
        .hasSize(1);
    assertThat(historyService.createHistoricActivityInstanceQuery().processInstanceId(instance.getId())
        .activityId(ClaimProcess.Elements.TASK_FINALIZE_ASSOCIATION).count()).isZero();
    return rejected;
  }

  private String historicEnd(ProcessInstance instance) {
    return historyService.createHistoricProcessInstanceQuery().processInstanceId(instance.getId()).singleResult()
        .getEndActivityId();
  }

  private ProcessInstance submit(String partnerId) {
    return runtimeService.startProcessInstanceByKey(ClaimProcess.PROCESS_KEY, ClaimFixtures.claim(partnerId, tenant));
  }

  private ProcessInstance approvedAndNotified() {
    ProcessInstance instance = submit(ClaimFixtures.newPartnerId());
    taskService.complete(task(instance).getId(), Map.of("decision", "APPROVE"));
    managementService.executeJob(job(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance).getId());
    return instance;
  }

  /**
   * Both actions start at the same moment, each after a random pause of up to a few milliseconds, so that
   * over the rounds either may win and they often overlap. Each may fail only in the ways the test expects.
   */
  private void race(Runnable first, Runnable second) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    Future<?> a = RACERS.submit(() -> {
      await(start);
      pause();
      first.run();
    });
    Future<?> b = RACERS.submit(() -> {
      await(start);
      pause();
      second.run();
    });
    a.get(30, TimeUnit.SECONDS);
    b.get(30, TimeUnit.SECONDS);
  }

  /**
   * A timer job that lost the race is gone (its scope ended) or failed (an optimistic-locking clash, or
   * an inconsistency the engine reports otherwise); the job executor retries a failed job, and so does
   * {@link #finishJobs}.
   */
  private void executeIfPresent(Job job) {
    try {
      managementService.executeJob(job.getId());
    } catch (RuntimeException lost) {
      // lost the race; checked by the outcome, after the retry in finishJobs
    }
  }

  /** Runs what the job executor would run next (mail steps, retries of failed jobs), to the end of the claim. */
  private void finishJobs(ProcessInstance instance) {
    for (int i = 0; i < 10; i++) {
      List<Job> due = managementService.createJobQuery().processInstanceId(instance.getId()).list().stream()
          .filter(j -> managementService.createJobQuery().jobId(j.getId()).messages().count() > 0 || j.getRetries() < 3)
          .toList();
      if (due.isEmpty()) {
        return;
      }
      due.forEach(j -> managementService.executeJob(j.getId()));
    }
  }

  private void asPartner(String partnerId, Runnable action) {
    identityService.setAuthentication("partner-" + partnerId, List.of(Roles.PARTNERS, Roles.partnerGroup(partnerId)));
    try {
      action.run();
    } finally {
      identityService.clearAuthentication();
    }
  }

  private long events(Claim claim, ClaimEventType type) {
    return history.of(claim.id()).stream().map(ClaimEvent::type).filter(type::equals).count();
  }

  private List<String> partnerMails(Claim claim) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(message -> Mails.recipients(message).contains(claim.partnerContactEmail()))
        .map(Mails::subject)
        .toList();
  }



  private static void pause() {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void report(String race, Map<Outcome, Integer> outcomes) {
    System.out.printf("RACE %-40s rounds=%d outcomes=%s%n", race, ROUNDS, outcomes);
  }
}
