package org.cpor.claims.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
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
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two events on one claim at the same moment, many times over. In every round the claim has exactly
 * one outcome, and the claim table, the process's end, the claim's history and the mails all say
 * the same; the loser gets a clear answer; and over the rounds each side of every race wins
 * sometimes. Run on H2 ({@link RacingEventsTest}) and PostgreSQL ({@link
 * RacingEventsOnPostgresTest}).
 */
abstract class RacingEvents {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  private final ExecutorService racers = Executors.newFixedThreadPool(2);

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
  private ClaimDriver driver;

  /** Rounds per race; {@code -Dcpor.race.rounds=1000} for a long run. */
  abstract int rounds();

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    driver = ClaimDriver.on(engine);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @AfterEach
  void stopRacers() {
    racers.shutdownNow();
  }

  /** How a round ended. */
  enum Outcome {
    OFFICIAL(ClaimProcess.Elements.END_ASSOCIATION_OFFICIAL, null),
    DECLINED(ClaimProcess.Elements.END_CLAIM_REJECTED, RejectionReason.CUSTOMER_DECLINED),
    /** Ends in the event subprocess, which is what the history names as the end. */
    WITHDRAWN(ClaimProcess.Elements.SUBPROCESS_CLAIM_WITHDRAWN, RejectionReason.PARTNER_REQUEST),
    /** Disputable: ends when the 30 days to dispute have passed (finishJobs lets them pass). */
    NO_PARTNER_RESPONSE(
        ClaimProcess.Elements.END_REJECTION_FINAL, RejectionReason.NO_PARTNER_RESPONSE),
    REJECTED_BY_VALIDATOR(
        ClaimProcess.Elements.END_REJECTION_FINAL, RejectionReason.MISSING_PRODUCTS),
    /** The partner's answer arrived in time: the claim is back with a validator (no end yet). */
    ANSWERED(null, null);

    final String endEvent;
    final RejectionReason reason;

    Outcome(String endEvent, RejectionReason reason) {
      this.endEvent = endEvent;
      this.reason = reason;
    }
  }

  @Test
  void customerOptOutAgainstTheOptOutTimer() throws Exception {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int round = 0; round < rounds(); round++) {
      ProcessInstance instance = approvedAndNotified();
      Claim claim = claims.get(instance.getBusinessKey());
      String token = tokens.issue(claim.id(), claim.optOutDeadline());
      Job timer = job(ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED, instance);

      race(
          round,
          () -> {
            try {
              OptimisticRetry.call(() -> optOuts.decline(token));
            } catch (OptOutService.OptOutClosed tooLate) {
              // the timer won: the page says the period has ended (410)
            }
          },
          () -> executeIfPresent(timer));
      finishJobs(instance);

      record(outcomes, assertOneOutcome(instance, Outcome.DECLINED, Outcome.OFFICIAL));
    }
    report("opt-out vs opt-out timer", outcomes, Outcome.DECLINED, Outcome.OFFICIAL);
  }

  @Test
  void withdrawalAgainstTheOptOutTimer() throws Exception {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int round = 0; round < rounds(); round++) {
      ProcessInstance instance = approvedAndNotified();
      Claim claim = claims.get(instance.getBusinessKey());
      Job timer = job(ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED, instance);

      race(round, () -> withdraw(claim), () -> executeIfPresent(timer));
      finishJobs(instance);

      record(outcomes, assertOneOutcome(instance, Outcome.WITHDRAWN, Outcome.OFFICIAL));
    }
    report("withdrawal vs opt-out timer", outcomes, Outcome.WITHDRAWN, Outcome.OFFICIAL);
  }

  @Test
  void withdrawalAgainstTheValidatorsRejection() throws Exception {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int round = 0; round < rounds(); round++) {
      ProcessInstance instance = submit(ClaimFixtures.newPartnerId());
      Claim claim = claims.get(instance.getBusinessKey());
      String taskId = task(instance).getId();

      race(
          round,
          () -> withdraw(claim),
          () -> {
            try {
              OptimisticRetry.call(
                  () -> {
                    taskService.complete(
                        taskId,
                        Map.of(
                            "decision",
                            "REJECT",
                            "rejectionReason",
                            RejectionReason.MISSING_PRODUCTS.name(),
                            "decisionComment",
                            "Products missing."));
                    return null;
                  });
            } catch (ProcessEngineException taskGone) {
              // the withdrawal won: the review task no longer exists
            }
          });
      finishJobs(instance);

      record(
          outcomes, assertOneOutcome(instance, Outcome.WITHDRAWN, Outcome.REJECTED_BY_VALIDATOR));
    }
    report(
        "withdrawal vs validator's rejection",
        outcomes,
        Outcome.WITHDRAWN,
        Outcome.REJECTED_BY_VALIDATOR);
  }

  @Test
  void partnerAnswerAgainstTheInformationTimeout() throws Exception {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int round = 0; round < rounds(); round++) {
      String partnerId = ClaimFixtures.newPartnerId();
      ProcessInstance instance = driver.askForInformation(submit(partnerId));
      Job timeout = job(ClaimProcess.Elements.TIMER_PARTNER_ANSWER_OVERDUE, instance);
      String claimId = instance.getBusinessKey();

      race(
          round,
          () ->
              asPartner(
                  partnerId,
                  () -> {
                    try {
                      OptimisticRetry.call(
                          () -> partnerClaims.answer(claimId, "Dated SOW attached.", null, null));
                    } catch (ClaimProblems.Conflict tooLate) {
                      // the timeout won: 409, no request pending any more
                    }
                  }),
          () -> executeIfPresent(timeout));
      finishJobs(instance);

      record(outcomes, assertOneOutcome(instance, Outcome.ANSWERED, Outcome.NO_PARTNER_RESPONSE));
    }
    report(
        "partner answer vs information timeout",
        outcomes,
        Outcome.ANSWERED,
        Outcome.NO_PARTNER_RESPONSE);
  }

  @Test
  void disputeAgainstTheDisputeWindowClosing() throws Exception {
    Map<String, Integer> outcomes = new java.util.TreeMap<>();
    for (int round = 0; round < rounds(); round++) {
      String partnerId = ClaimFixtures.newPartnerId();
      ProcessInstance instance = submit(partnerId);
      taskService.complete(
          task(instance).getId(),
          Map.of(
              "decision",
              "REJECT",
              "rejectionReason",
              RejectionReason.MISSING_PRODUCTS.name(),
              "decisionComment",
              "Products missing."));
      managementService.executeJob(
          job(ClaimProcess.Elements.TASK_EMAIL_REJECTION, instance).getId());
      Job window = job(ClaimProcess.Elements.TIMER_DISPUTE_WINDOW_ELAPSED, instance);
      String id = instance.getBusinessKey();

      race(
          round,
          () ->
              asPartner(
                  partnerId,
                  () -> {
                    try {
                      OptimisticRetry.call(
                          () -> partnerClaims.dispute(id, "Please look again.", null, null));
                    } catch (ClaimProblems.Gone tooLate) {
                      // the window closed first: 410
                    }
                  }),
          () -> executeIfPresent(window));
      // A timer job that lost is retried by the job executor: then it is gone or gives way.
      managementService
          .createJobQuery()
          .processInstanceId(instance.getId())
          .timers()
          .list()
          .stream()
          .filter(j -> j.getRetries() < 3)
          .forEach(j -> executeIfPresent(j));

      Claim claim = claims.get(id);
      boolean disputed = claim.status() == ClaimStatus.UNDER_REVIEW;
      if (disputed) {
        assertThat(task(instance).getTaskDefinitionKey())
            .as("%s waits for its dispute review", id)
            .isEqualTo(ClaimProcess.Elements.TASK_REVIEW_DISPUTE);
        assertThat(
                jdbc.sql("select count(*) from claim_dispute where claim_id = ?")
                    .param(id)
                    .query(Integer.class)
                    .single())
            .as("disputes of %s", id)
            .isOne();
      } else {
        assertThat(claim.status()).as("status of %s", id).isEqualTo(ClaimStatus.REJECTED);
        assertThat(
                historyService
                    .createHistoricProcessInstanceQuery()
                    .processInstanceId(instance.getId())
                    .singleResult()
                    .getEndActivityId())
            .as("end of %s", id)
            .isEqualTo(ClaimProcess.Elements.END_REJECTION_FINAL);
        assertThat(
                jdbc.sql("select count(*) from claim_dispute where claim_id = ?")
                    .param(id)
                    .query(Integer.class)
                    .single())
            .as("disputes of %s", id)
            .isZero();
      }
      assertThat(events(id, ClaimEventType.DISPUTED))
          .as("DISPUTED of %s", id)
          .isEqualTo(disputed ? 1 : 0);
      assertThat(events(id, ClaimEventType.DISPUTE_WINDOW_CLOSED))
          .as("DISPUTE_WINDOW_CLOSED of %s", id)
          .isEqualTo(disputed ? 0 : 1);
      outcomes.merge(disputed ? "DISPUTED" : "REJECTION_FINAL", 1, Integer::sum);
    }
    System.out.printf(
        "RACE %-12s %-40s rounds=%d outcomes=%s%n",
        getClass().getSimpleName(), "dispute vs dispute window", rounds(), outcomes);
    assertThat(outcomes.keySet()).containsExactlyInAnyOrder("DISPUTED", "REJECTION_FINAL");
  }

  @Test
  void theSameDeclineTwiceAtOnceCountsOnce() throws Exception {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int round = 0; round < rounds() / 2; round++) {
      ProcessInstance instance = approvedAndNotified();
      Claim claim = claims.get(instance.getBusinessKey());
      String token = tokens.issue(claim.id(), claim.optOutDeadline());

      race(
          round,
          () -> OptimisticRetry.call(() -> optOuts.decline(token)),
          () -> OptimisticRetry.call(() -> optOuts.decline(token)));
      finishJobs(instance);

      record(outcomes, assertOneOutcome(instance, Outcome.DECLINED, Outcome.DECLINED));
    }
    report("decline vs the same decline", outcomes, Outcome.DECLINED);
  }

  // --- the invariant
  // ------------------------------------------------------------------------------

  /**
   * The round ended in exactly one of two outcomes, and every record of the claim agrees with it:
   * the claim table (status, reason), the process (ended, at which end event, which steps ran), the
   * claim's history (each deciding event once, none of the other outcome) and the mails to the
   * partner.
   */
  private Outcome assertOneOutcome(ProcessInstance instance, Outcome first, Outcome second) {
    Claim claim = claims.get(instance.getBusinessKey());
    String id = claim.id();
    Outcome outcome = outcomeFromTheClaimTable(claim);
    assertThat(outcome)
        .as("%s ended as %s, expected %s or %s", id, outcome, first, second)
        .isIn(first, second);

    if (outcome == Outcome.ANSWERED) {
      assertThat(
              runtimeService
                  .createProcessInstanceQuery()
                  .processInstanceId(instance.getId())
                  .count())
          .isOne();
      assertThat(taskService.createTaskQuery().processInstanceId(instance.getId()).count()).isOne();
    } else {
      assertThat(
              runtimeService
                  .createProcessInstanceQuery()
                  .processInstanceId(instance.getId())
                  .count())
          .as("the process of %s has ended", id)
          .isZero();
      assertThat(
              historyService
                  .createHistoricProcessInstanceQuery()
                  .processInstanceId(instance.getId())
                  .singleResult()
                  .getEndActivityId())
          .as("end event of %s", id)
          .isEqualTo(outcome.endEvent);
      // History level cpor records neither end events nor service tasks (docs/history.md): the
      // one end event reached is the process instance's end activity, asserted above; the steps
      // that ran, each once, are in the claim's history below: "Finalize association" writes
      // OFFICIAL, "Reject claim" and "Reject withdrawn claim" write REJECTED.
      assertThat(events(id, ClaimEventType.OFFICIAL) + events(id, ClaimEventType.REJECTED))
          .as("%s was finalized or rejected, once", id)
          .isOne();
    }

    assertThat(events(id, ClaimEventType.OFFICIAL))
        .as("OFFICIAL in the history of %s", id)
        .isEqualTo(outcome == Outcome.OFFICIAL ? 1 : 0);
    assertThat(events(id, ClaimEventType.REJECTED))
        .as("REJECTED in the history of %s", id)
        .isEqualTo(outcome.reason != null ? 1 : 0);
    assertThat(events(id, ClaimEventType.WITHDRAWN))
        .as("WITHDRAWN in the history of %s", id)
        .isEqualTo(outcome == Outcome.WITHDRAWN ? 1 : 0);
    assertThat(events(id, ClaimEventType.CUSTOMER_OPTED_OUT))
        .as("CUSTOMER_OPTED_OUT in the history of %s", id)
        .isEqualTo(outcome == Outcome.DECLINED ? 1 : 0);
    assertThat(events(id, ClaimEventType.REJECTED_BY_VALIDATOR))
        .as("REJECTED_BY_VALIDATOR in the history of %s", id)
        .isEqualTo(outcome == Outcome.REJECTED_BY_VALIDATOR ? 1 : 0);
    if (first == Outcome.ANSWERED) {
      assertThat(events(id, ClaimEventType.PARTNER_ANSWERED))
          .as("PARTNER_ANSWERED in the history of %s", id)
          .isEqualTo(outcome == Outcome.ANSWERED ? 1 : 0);
    }
    assertThat(associations.ofClaim(id))
        .as("associations of %s", id)
        .hasSize(outcome == Outcome.OFFICIAL ? 2 : 0);

    List<String> mails = partnerMails(claim);
    if (first == Outcome.ANSWERED) {
      assertThat(mails).first().isEqualTo("CPOR claim " + id + ": more information needed");
      mails = mails.subList(1, mails.size());
    }
    switch (outcome) {
      case OFFICIAL ->
          assertThat(mails).containsExactly("CPOR claim " + id + ": association official");
      case ANSWERED -> assertThat(mails).isEmpty();
      default ->
          assertThat(mails)
              .containsExactly("CPOR claim " + id + " rejected: " + outcome.reason.label());
    }
    return outcome;
  }

  private static Outcome outcomeFromTheClaimTable(Claim claim) {
    if (claim.status() == ClaimStatus.OFFICIAL) {
      return Outcome.OFFICIAL;
    }
    if (claim.status() == ClaimStatus.UNDER_REVIEW) {
      return Outcome.ANSWERED;
    }
    assertThat(claim.status()).as("status of %s", claim.id()).isEqualTo(ClaimStatus.REJECTED);
    return Arrays.stream(Outcome.values())
        .filter(o -> o.reason == claim.rejectionReason())
        .findFirst()
        .orElseThrow();
  }

  // --- helpers
  // ------------------------------------------------------------------------------------

  private ProcessInstance submit(String partnerId) {
    return runtimeService.startProcessInstanceByKey(
        ClaimProcess.PROCESS_KEY, ClaimFixtures.claim(partnerId, tenant));
  }

  private ProcessInstance approvedAndNotified() {
    return driver.approveAndNotify(submit(ClaimFixtures.newPartnerId()));
  }

  private void withdraw(Claim claim) {
    asPartner(
        claim.partnerId(),
        () -> {
          try {
            OptimisticRetry.call(() -> partnerClaims.withdraw(claim.id(), "changed our mind"));
          } catch (ClaimProblems.Conflict tooLate) {
            // the other side won: 409, the claim is decided
          }
        });
  }

  /**
   * Both actions start at the same moment; one of them (the first in even rounds, the second in odd
   * ones) waits a random few milliseconds, often less than the other needs, so that they overlap
   * and over the rounds each side wins, whichever is faster on this machine. The longest wait
   * doubles every 20 rounds (8, 16, 32, 64 ms): on a busy machine, where the scheduler's noise
   * drowns a few milliseconds, the later rounds still give each side a real head start. Each may
   * fail only in the ways the test expects.
   */
  private void race(int round, Runnable first, Runnable second) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    int pause = ThreadLocalRandom.current().nextInt(8 << Math.min(round / 20, 3));
    Future<?> a =
        racers.submit(
            () -> {
              await(start);
              pause(round % 2 == 0 ? 0 : pause);
              first.run();
            });
    Future<?> b =
        racers.submit(
            () -> {
              await(start);
              pause(round % 2 == 0 ? pause : 0);
              second.run();
            });
    a.get(60, TimeUnit.SECONDS);
    b.get(60, TimeUnit.SECONDS);
  }

  /**
   * A timer job that lost the race is gone (its scope ended) or failed (an optimistic-locking
   * clash, or an inconsistency the engine reports otherwise); the job executor retries a failed
   * job, and so does {@link #finishJobs}.
   */
  private void executeIfPresent(Job job) {
    try {
      managementService.executeJob(job.getId());
    } catch (RuntimeException lost) {
      // lost the race; checked by the outcome, after the retry in finishJobs
    }
  }

  /**
   * Runs what the job executor would run next (mail steps, retries of failed jobs), to the end of
   * the claim.
   */
  private void finishJobs(ProcessInstance instance) {
    for (int i = 0; i < 10; i++) {
      List<Job> due =
          managementService.createJobQuery().processInstanceId(instance.getId()).list().stream()
              .filter(
                  j ->
                      managementService.createJobQuery().jobId(j.getId()).messages().count() > 0
                          || j.getRetries() < 3)
              .toList();
      if (due.isEmpty()) {
        // A rejection Microsoft made waits 30 days for a dispute: let them pass.
        managementService
            .createJobQuery()
            .processInstanceId(instance.getId())
            .activityId(ClaimProcess.Elements.TIMER_DISPUTE_WINDOW_ELAPSED)
            .list()
            .forEach(j -> managementService.executeJob(j.getId()));
        return;
      }
      due.forEach(j -> managementService.executeJob(j.getId()));
    }
  }

  private void asPartner(String partnerId, Runnable action) {
    TestUsers.asPartner(
        identityService,
        partnerId,
        () -> {
          action.run();
          return null;
        });
  }

  private long events(String claimId, ClaimEventType type) {
    return history.of(claimId).stream().map(ClaimEvent::type).filter(type::equals).count();
  }

  private List<String> partnerMails(Claim claim) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(
            message -> Mails.recipients(message).contains(claim.content().partnerContactEmail()))
        .map(Mails::subject)
        .toList();
  }

  private static void record(Map<Outcome, Integer> outcomes, Outcome outcome) {
    outcomes.merge(outcome, 1, Integer::sum);
  }

  private void report(String race, Map<Outcome, Integer> outcomes, Outcome... expected) {
    System.out.printf(
        "RACE %-12s %-40s rounds=%d outcomes=%s%n",
        getClass().getSimpleName(),
        race,
        outcomes.values().stream().mapToInt(Integer::intValue).sum(),
        outcomes);
    // A race that always ends one way proves nothing about the other.
    assertThat(outcomes.keySet()).as("outcomes of %s", race).containsExactlyInAnyOrder(expected);
  }

  private static void pause(int millis) {
    try {
      Thread.sleep(millis);
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
}
