package org.cpor.claims.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cpor.claims.process.ClaimProcess.Elements.GATEWAY_AWAIT_DISPUTE;
import static org.cpor.claims.process.ClaimProcess.Elements.TASK_EMAIL_REJECTION;
import static org.cpor.claims.process.ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER;
import static org.cpor.claims.process.ClaimProcess.Elements.TASK_REQUEST_INFORMATION;
import static org.cpor.claims.process.ClaimProcess.Elements.TASK_REVIEW_DISPUTE;
import static org.cpor.claims.process.ClaimProcess.Elements.TIMER_DISPUTE_WINDOW_ELAPSED;
import static org.cpor.claims.process.ClaimProcess.Elements.TIMER_INFORMATION_REMINDER;
import static org.cpor.claims.process.ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED;
import static org.cpor.claims.process.ClaimProcess.Elements.TIMER_PARTNER_ANSWER_OVERDUE;
import static org.cpor.claims.process.ClaimProcess.Elements.TIMER_REVIEW_OVERDUE;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Claims started on the previous released model (the one before disputes and escalations, kept in
 * {@code models/cpor-claim-v1.bpmn}) wait at each of its wait states when the current model is
 * deployed; an admin migrates them and each ends under the current rules, with its deadlines
 * unchanged to the second and the mails a partner, a customer and a lead expect.
 *
 * <p>A context of its own (fresh H2): the old model is deployed after the application's and so is
 * the latest version for a while, which the shared context's tests must never see.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.application.name=cpor-claims-model-upgrade")
@ActiveProfiles("test")
@DirtiesContext
class ModelUpgradeTest {

  static final ZoneId REDMOND = ZoneId.of("America/Los_Angeles");

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;
  @Autowired ClaimRepository claims;
  @Autowired Deadlines deadlines;
  @Autowired ClaimMigration migration;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
    migration.batchThreshold(DEFAULT_BATCH_THRESHOLD);
  }

  static final int DEFAULT_BATCH_THRESHOLD = 200;

  @Test
  void claimsWaitingOnThePreviousModelAreMigratedAndEndUnderTheCurrentRules() throws Exception {
    ClaimDriver driver = ClaimDriver.on(engine);
    String partnerId = ClaimFixtures.newPartnerId();
    Http partner = TestUsers.partnerApi(identityService, port, partnerId);
    TestUsers.lead(identityService);
    Http admin = Http.to(port).as("admin", "admin-test-password");

    // The previous release runs: its model is the latest, new claims start on it.
    ProcessDefinition previous = deploy("models/cpor-claim-v1.bpmn", "cpor-claim previous release");
    at("2026-12-07T09:00"); // a Monday
    Map<String, String> claim = new LinkedHashMap<>();
    for (String name :
        List.of(
            "inReview",
            "askedNotAnswered",
            "askedAnswered",
            "optOutPasses",
            "optedOut",
            "notifyJob",
            "requestJob",
            "rejectionMailJob",
            "rejectedBeforeUpgrade",
            "withdrawnDuringUpgrade")) {
      claim.put(name, submit(partner, ClaimFixtures.registerTenant(jdbc)));
    }
    for (String id : claim.values()) {
      assertThat(driver.instanceOf(id).getProcessDefinitionId()).isEqualTo(previous.getId());
    }
    at("2026-12-07T11:00");
    driver.askForInformation(driver.instanceOf(claim.get("askedNotAnswered")));
    driver.askForInformation(driver.instanceOf(claim.get("askedAnswered")));
    driver.approveAndNotify(driver.instanceOf(claim.get("optOutPasses")));
    driver.approveAndNotify(driver.instanceOf(claim.get("optedOut")));
    driver.decide(
        driver.instanceOf(claim.get("notifyJob")),
        Map.of(ClaimProcess.Variables.DECISION, "APPROVE"));
    driver.decide(driver.instanceOf(claim.get("requestJob")), requestInformation());
    ProcessInstance mailJob = driver.instanceOf(claim.get("rejectionMailJob"));
    driver.decide(mailJob, reject());
    // The first release's "Reject claim" set neither of them.
    engine
        .getRuntimeService()
        .removeVariables(
            mailJob.getId(),
            List.of(ClaimProcess.Variables.DISPUTABLE, ClaimProcess.Variables.DISPUTE_DEADLINE));
    driver.rejectAsValidator(driver.instanceOf(claim.get("rejectedBeforeUpgrade")));

    // A claim rejected on the previous model ends after its mail: the mail offers no dispute, and
    // a dispute is refused as the mail says.
    String earlyRejection = mailText(claim.get("rejectedBeforeUpgrade"), "rejected");
    assertThat(earlyRejection)
        .contains("decided under the rules before disputes were introduced")
        .doesNotContain("/dispute");
    assertThat(dispute(partner, claim.get("rejectedBeforeUpgrade")).status()).isEqualTo(410);
    claim.remove("rejectedBeforeUpgrade");

    // What the claims wait for, before the upgrade.
    Map<String, Date> due = new LinkedHashMap<>();
    due.put(
        "askedNotAnswered",
        timer(driver, claim.get("askedNotAnswered"), TIMER_PARTNER_ANSWER_OVERDUE));
    due.put(
        "askedAnswered", timer(driver, claim.get("askedAnswered"), TIMER_PARTNER_ANSWER_OVERDUE));
    due.put("optOutPasses", timer(driver, claim.get("optOutPasses"), TIMER_OPT_OUT_WINDOW_ELAPSED));
    due.put("optedOut", timer(driver, claim.get("optedOut"), TIMER_OPT_OUT_WINDOW_ELAPSED));
    Instant reviewDue = claims.get(claim.get("inReview")).reviewDueAt();
    assertThat(driver.openTask(driver.instanceOf(claim.get("inReview"))).getDueDate().toInstant())
        .isEqualTo(reviewDue);

    // The release with disputes and escalations is deployed, a day later.
    at("2026-12-08T09:00");
    ProcessDefinition current = deploy("bpmn/cpor-claim.bpmn", "cpor-claim current release");
    assertThat(current.getVersion()).isGreaterThan(previous.getVersion());

    // Withdrawn before it is migrated: the previous model does not name the withdrawal's reason and
    // this release's message no longer carries it; still a partner request, not disputable.
    String withdrawnId = claim.remove("withdrawnDuringUpgrade");
    ProcessInstance withdrawnClaim = driver.instanceOf(withdrawnId);
    Http.Answer withdrawal =
        partner.postJson(
            "/api/claims/" + withdrawnId + "/withdraw", Map.of("reason", "Wrong activity"));
    assertThat(withdrawal.status()).as(withdrawal.body()).isEqualTo(200);
    assertThat(withdrawal.json().get("rejectionReason").asText()).isEqualTo("PARTNER_REQUEST");
    driver.runRemainingJobs(withdrawnClaim);
    assertThat(driver.instanceOf(withdrawnId)).isNull();
    assertThat(subjects(withdrawnId)).anyMatch(subject -> subject.endsWith("Partner request"));

    // Only admins migrate; a dry run changes nothing.
    Http validator = Http.to(port).as(TestUsers.validator(identityService), TestUsers.PASSWORD);
    assertThat(validator.postJson("/api/admin/migrations?dryRun=true", Map.of()).status())
        .isEqualTo(403);
    assertThat(partner.postJson("/api/admin/migrations", Map.of()).status()).isEqualTo(403);
    Http.Answer badFlag = admin.postJson("/api/admin/migrations?dryRun=perhaps", Map.of());
    assertThat(badFlag.status()).isEqualTo(400);
    assertThat(badFlag.body()).contains("dryRun");
    Http.Answer dryRun = admin.postJson("/api/admin/migrations?dryRun=true", Map.of());
    assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
    List<String> instanceIds =
        claim.values().stream().map(id -> driver.instanceOf(id).getId()).toList();
    assertThat(dryRun.json().get("dryRun").asBoolean()).isTrue();
    assertThat(texts(dryRun.json().get("migrated")))
        .containsExactlyInAnyOrderElementsOf(instanceIds);
    assertThat(dryRun.json().get("notMigrated")).isEmpty();
    JsonNode plan = dryRun.json().get("plans").get(0);
    assertThat(plan.get("sourceDefinitionId").asText()).isEqualTo(previous.getId());
    assertThat(plan.get("unmappedActivities")).isEmpty();
    assertThat(texts(plan.get("instructions")))
        .contains("Gateway_AwaitPartnerAnswer -> Gateway_AwaitPartnerAnswer");
    for (String id : claim.values()) {
      assertThat(driver.instanceOf(id).getProcessDefinitionId()).isEqualTo(previous.getId());
    }

    Http.Answer migrated = admin.postJson("/api/admin/migrations", Map.of());
    assertThat(migrated.status()).as(migrated.body()).isEqualTo(200);
    assertThat(texts(migrated.json().get("migrated")))
        .containsExactlyInAnyOrderElementsOf(instanceIds);
    assertThat(migrated.json().get("notMigrated")).isEmpty();
    assertThat(migrated.json().get("targetDefinitionId").asText()).isEqualTo(current.getId());
    for (String id : claim.values()) {
      assertThat(driver.instanceOf(id).getProcessDefinitionId()).isEqualTo(current.getId());
    }
    // Nothing left to migrate.
    assertThat(admin.postJson("/api/admin/migrations", Map.of()).json().get("migrated")).isEmpty();

    // Deadlines unchanged to the second; the new timers fall due as the new model would have had
    // them: the late-review escalation with the review, the reminder two business days before the
    // information deadline.
    for (Map.Entry<String, Date> before : due.entrySet()) {
      String timer =
          before.getKey().startsWith("asked")
              ? TIMER_PARTNER_ANSWER_OVERDUE
              : TIMER_OPT_OUT_WINDOW_ELAPSED;
      assertThat(timer(driver, claim.get(before.getKey()), timer))
          .as(before.getKey())
          .isEqualTo(before.getValue());
    }
    assertThat(timer(driver, claim.get("inReview"), TIMER_REVIEW_OVERDUE).toInstant())
        .isEqualTo(reviewDue);
    assertThat(timer(driver, claim.get("askedNotAnswered"), TIMER_INFORMATION_REMINDER))
        .isEqualTo(deadlines.partnerReminderDue(due.get("askedNotAnswered")));
    assertThat(
            engine
                .getRuntimeService()
                .createEventSubscriptionQuery()
                .processInstanceId(driver.instanceOf(claim.get("askedAnswered")).getId())
                .eventName(ClaimProcess.Messages.PARTNER_INFORMATION_PROVIDED)
                .count())
        .isEqualTo(1);

    // Every claim to its end.
    // 1. The review is late: the lead is told, once; then it is approved and becomes official.
    lateReviewBecomesOfficial(driver, claim.get("inReview"));

    // 2. The partner is reminded, does not answer, is rejected and lets the 30 days pass.
    silentPartnerIsRejectedForGood(driver, claim.get("askedNotAnswered"));

    // 3. The partner answers in time; the claim is approved and becomes official.
    at("2026-12-09T09:00");
    Http.Answer answered =
        partner.postJson(
            "/api/claims/" + claim.get("askedAnswered") + "/information",
            Map.of("answer", "The signed SOW is at the same link."));
    assertThat(answered.status()).as(answered.body()).isEqualTo(200);
    ProcessInstance answeredClaim = driver.instanceOf(claim.get("askedAnswered"));
    driver.approveAndNotify(answeredClaim);
    driver.optOutWindowPasses(answeredClaim);

    // 4. and 5. The opt-out window passes in silence; the other customer declines.
    driver.optOutWindowPasses(driver.instanceOf(claim.get("optOutPasses")));
    String link = Mails.optOutPath(smtp.getReceivedMessages(), claim.get("optedOut"));
    assertThat(Http.to(port).send("POST", link, null, "", Map.of()).status()).isEqualTo(200);
    driver.runRemainingJobs(driver.instanceOf(claim.get("optedOut")));

    // 6. The customer is notified now, and the claim becomes official.
    ProcessInstance notify = driver.instanceOf(claim.get("notifyJob"));
    driver.run(TASK_NOTIFY_CUSTOMER, notify);
    driver.optOutWindowPasses(notify);

    // 7. The partner is asked now, answers, is rejected and lets the 30 days pass.
    ProcessInstance asked = driver.instanceOf(claim.get("requestJob"));
    driver.run(TASK_REQUEST_INFORMATION, asked);
    assertThat(
            partner
                .postJson(
                    "/api/claims/" + claim.get("requestJob") + "/information",
                    Map.of("answer", "Attached again."))
                .status())
        .isEqualTo(200);
    driver.rejectAsValidator(asked);
    assertThat(driver.instanceOf(claim.get("requestJob"))).isNotNull();
    fire(driver, asked, TIMER_DISPUTE_WINDOW_ELAPSED);

    // 8. Rejected by the previous release, mailed by this one: the mail offers a dispute until 30
    // days after the rejection, the dispute is accepted, reviewed by another validator and upheld.
    ProcessInstance rejected = driver.instanceOf(claim.get("rejectionMailJob"));
    driver.run(TASK_EMAIL_REJECTION, rejected);
    Instant disputeDeadline =
        deadlines.disputeDeadline(
            LocalDateTime.parse("2026-12-07T11:00").atZone(REDMOND).toInstant());
    assertThat(mailText(claim.get("rejectionMailJob"), "rejected"))
        .contains("You may dispute this rejection")
        .contains(deadlines.lastMomentToAct(disputeDeadline));
    assertThat(
            engine
                .getRuntimeService()
                .createExecutionQuery()
                .processInstanceId(rejected.getId())
                .activityId(GATEWAY_AWAIT_DISPUTE)
                .count())
        .isEqualTo(1);
    assertThat(
            timer(driver, claim.get("rejectionMailJob"), TIMER_DISPUTE_WINDOW_ELAPSED).toInstant())
        .isEqualTo(disputeDeadline);
    Http.Answer disputed = dispute(partner, claim.get("rejectionMailJob"));
    assertThat(disputed.status()).as(disputed.body()).isEqualTo(200);
    var review =
        engine
            .getTaskService()
            .createTaskQuery()
            .processInstanceId(rejected.getId())
            .singleResult();
    assertThat(review.getTaskDefinitionKey()).isEqualTo(TASK_REVIEW_DISPUTE);
    engine.getTaskService().setAssignee(review.getId(), TestUsers.otherValidator(identityService));
    engine
        .getTaskService()
        .complete(
            review.getId(),
            Map.of(
                ClaimProcess.Variables.DISPUTE_DECISION, "UPHOLD",
                ClaimProcess.Variables.DISPUTE_COMMENT, "The SOW is still unsigned."));
    driver.runRemainingJobs(rejected);

    // Every claim has ended with its outcome; no job failed.
    for (String id : claim.values()) {
      assertThat(driver.instanceOf(id)).as(id + " still running").isNull();
    }
    Map<String, ClaimStatus> outcomes = new LinkedHashMap<>();
    claim.forEach((name, id) -> outcomes.put(name, claims.get(id).status()));
    assertThat(outcomes)
        .containsEntry("inReview", ClaimStatus.OFFICIAL)
        .containsEntry("askedNotAnswered", ClaimStatus.REJECTED)
        .containsEntry("askedAnswered", ClaimStatus.OFFICIAL)
        .containsEntry("optOutPasses", ClaimStatus.OFFICIAL)
        .containsEntry("optedOut", ClaimStatus.REJECTED)
        .containsEntry("notifyJob", ClaimStatus.OFFICIAL)
        .containsEntry("requestJob", ClaimStatus.REJECTED)
        .containsEntry("rejectionMailJob", ClaimStatus.REJECTED);
    assertThat(engine.getManagementService().createJobQuery().withException().count()).isZero();
    assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();

    // The mails, each once.
    String inReviewId = claim.get("inReview");
    assertThat(subjects(inReviewId).stream().filter(s -> !s.startsWith("Overdue")))
        .containsExactlyInAnyOrder(
            "Partner association request " + inReviewId + ": " + customerDomain(inReviewId),
            "CPOR claim " + inReviewId + ": association official");
    assertThat(mailsTo(TestUsers.leadEmail())).as("one escalation, to the one lead").hasSize(1);
    assertThat(subjects(claim.get("askedNotAnswered")))
        .hasSize(3)
        .anyMatch(s -> s.endsWith("more information needed"))
        .anyMatch(s -> s.contains("rejected"))
        .anyMatch(s -> s.toLowerCase().contains("remind") || s.contains("deadline"));
    assertThat(mailText(claim.get("optedOut"), "rejected"))
        .contains("cannot be disputed: the customer or you caused it");
    assertThat(subjects(claim.get("askedAnswered"))).hasSize(3);
    assertThat(subjects(claim.get("optOutPasses"))).hasSize(2);
    assertThat(subjects(claim.get("optedOut"))).hasSize(2);
    assertThat(subjects(claim.get("notifyJob"))).hasSize(2);
    assertThat(subjects(claim.get("requestJob"))).hasSize(2);
    assertThat(subjects(claim.get("rejectionMailJob"))).hasSize(2);
  }

  /**
   * More claims than {@code cpor.migration.batch-threshold} (lowered to 2 here instead of driving
   * 200 claims): the endpoint starts a Camunda batch and says so; the batch's jobs move the claims;
   * a rejection made before disputes is mailed with its dispute offer even before the second call,
   * which sets the late-review timer to the review's own due date. Every claim then ends as in the
   * unbatched migration, deadlines to the second.
   */
  @Test
  void manyClaimsAreMigratedByABatchAndCompletedByTheNextCall() throws Exception {
    migration.batchThreshold(2);
    ClaimDriver driver = ClaimDriver.on(engine);
    String partnerId = ClaimFixtures.newPartnerId();
    Http partner = TestUsers.partnerApi(identityService, port, partnerId);
    TestUsers.lead(identityService);
    Http admin = Http.to(port).as("admin", "admin-test-password");
    var management = engine.getManagementService();

    ProcessDefinition previous = deploy("models/cpor-claim-v1.bpmn", "cpor-claim previous release");
    at("2026-12-07T09:00");
    Map<String, String> claim = new LinkedHashMap<>();
    for (String name : List.of("inReview", "askedNotAnswered", "rejectionMailJob")) {
      claim.put(name, submit(partner, ClaimFixtures.registerTenant(jdbc)));
    }
    at("2026-12-07T11:00");
    driver.askForInformation(driver.instanceOf(claim.get("askedNotAnswered")));
    ProcessInstance mailJob = driver.instanceOf(claim.get("rejectionMailJob"));
    driver.decide(mailJob, reject());
    engine
        .getRuntimeService()
        .removeVariables(
            mailJob.getId(),
            List.of(ClaimProcess.Variables.DISPUTABLE, ClaimProcess.Variables.DISPUTE_DEADLINE));
    Date answerDue = timer(driver, claim.get("askedNotAnswered"), TIMER_PARTNER_ANSWER_OVERDUE);
    Instant reviewDue = claims.get(claim.get("inReview")).reviewDueAt();
    Map<String, String> instanceOf = new LinkedHashMap<>();
    claim.forEach((name, id) -> instanceOf.put(name, driver.instanceOf(id).getId()));

    at("2026-12-08T09:00");
    ProcessDefinition current = deploy("bpmn/cpor-claim.bpmn", "cpor-claim current release");

    // The endpoint starts a batch for the three claims and says what is left to do.
    Http.Answer started = admin.postJson("/api/admin/migrations", Map.of());
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    assertThat(started.json().get("migrated")).isEmpty();
    assertThat(started.json().get("notMigrated")).isEmpty();
    JsonNode batchStarted = started.json().get("batches");
    assertThat(batchStarted).hasSize(1);
    String batchId = batchStarted.get(0).get("id").asText();
    assertThat(batchStarted.get(0).get("instances").asInt()).isEqualTo(3);
    assertThat(batchStarted.get(0).get("sourceDefinitionId").asText()).isEqualTo(previous.getId());
    assertThat(batchStarted.get(0).get("thenCallAgain").asText())
        .contains(batchId)
        .contains("POST /api/admin/migrations again");
    // The old rejection's dispute variables are set at once (the old model never reads them).
    assertThat(texts(started.json().get("aligned")))
        .containsExactly(instanceOf.get("rejectionMailJob"));
    var batch = management.createBatchQuery().batchId(batchId).singleResult();
    assertThat(batch.getTotalJobs()).isEqualTo(3);
    for (String id : claim.values()) {
      assertThat(driver.instanceOf(id).getProcessDefinitionId()).isEqualTo(previous.getId());
    }

    // The job executor runs the batch: the seed job creates the migration jobs and the monitor.
    Job seed =
        management.createJobQuery().jobDefinitionId(batch.getSeedJobDefinitionId()).singleResult();
    management.executeJob(seed.getId());
    List<Job> migrationJobs =
        management.createJobQuery().jobDefinitionId(batch.getBatchJobDefinitionId()).list();
    assertThat(migrationJobs).hasSize(3);
    migrationJobs.forEach(job -> management.executeJob(job.getId()));
    Job monitor =
        management
            .createJobQuery()
            .jobDefinitionId(batch.getMonitorJobDefinitionId())
            .singleResult();
    management.executeJob(monitor.getId());
    assertThat(management.createBatchQuery().batchId(batchId).count()).as("batch done").isZero();
    for (String id : claim.values()) {
      assertThat(driver.instanceOf(id).getProcessDefinitionId()).isEqualTo(current.getId());
    }
    // Until the next call the escalation falls due as if the review had started at the migration.
    assertThat(timer(driver, claim.get("inReview"), TIMER_REVIEW_OVERDUE).toInstant())
        .isAfter(reviewDue);

    // The rejection mail may run before the next call: it offers the dispute already.
    ProcessInstance rejected = driver.instanceOf(claim.get("rejectionMailJob"));
    driver.run(TASK_EMAIL_REJECTION, rejected);
    Instant disputeDeadline =
        deadlines.disputeDeadline(
            LocalDateTime.parse("2026-12-07T11:00").atZone(REDMOND).toInstant());
    assertThat(mailText(claim.get("rejectionMailJob"), "rejected"))
        .contains("You may dispute this rejection")
        .contains(deadlines.lastMomentToAct(disputeDeadline));
    assertThat(
            timer(driver, claim.get("rejectionMailJob"), TIMER_DISPUTE_WINDOW_ELAPSED).toInstant())
        .isEqualTo(disputeDeadline);

    // The next call moves nothing and completes what the batch moved.
    Http.Answer completed = admin.postJson("/api/admin/migrations", Map.of());
    assertThat(completed.status()).as(completed.body()).isEqualTo(200);
    assertThat(completed.json().get("migrated")).isEmpty();
    assertThat(completed.json().get("batches")).isEmpty();
    assertThat(texts(completed.json().get("aligned"))).containsExactly(instanceOf.get("inReview"));
    assertThat(timer(driver, claim.get("inReview"), TIMER_REVIEW_OVERDUE).toInstant())
        .isEqualTo(reviewDue);
    assertThat(timer(driver, claim.get("askedNotAnswered"), TIMER_PARTNER_ANSWER_OVERDUE))
        .isEqualTo(answerDue);
    assertThat(timer(driver, claim.get("askedNotAnswered"), TIMER_INFORMATION_REMINDER))
        .isEqualTo(deadlines.partnerReminderDue(answerDue));
    assertThat(admin.postJson("/api/admin/migrations", Map.of()).json().get("aligned")).isEmpty();

    // Every claim to its end, as in the unbatched migration.
    lateReviewBecomesOfficial(driver, claim.get("inReview"));
    silentPartnerIsRejectedForGood(driver, claim.get("askedNotAnswered"));
    fire(driver, rejected, TIMER_DISPUTE_WINDOW_ELAPSED);

    for (String id : claim.values()) {
      assertThat(driver.instanceOf(id)).as(id + " still running").isNull();
    }
    assertThat(claims.get(claim.get("inReview")).status()).isEqualTo(ClaimStatus.OFFICIAL);
    assertThat(claims.get(claim.get("askedNotAnswered")).status()).isEqualTo(ClaimStatus.REJECTED);
    assertThat(claims.get(claim.get("rejectionMailJob")).status()).isEqualTo(ClaimStatus.REJECTED);
    assertThat(management.createJobQuery().withException().count()).isZero();
    assertThat(engine.getRuntimeService().createIncidentQuery().count()).isZero();
    assertThat(mailsTo(TestUsers.leadEmail())).as("one escalation, to the one lead").hasSize(1);
    assertThat(subjects(claim.get("askedNotAnswered"))).hasSize(3);
    assertThat(subjects(claim.get("rejectionMailJob"))).as("the rejection, once").hasSize(1);
  }

  private ProcessDefinition deploy(String resource, String name) {
    String deploymentId =
        engine
            .getRepositoryService()
            .createDeployment()
            .name(name)
            .addClasspathResource(resource)
            .deploy()
            .getId();
    return engine
        .getRepositoryService()
        .createProcessDefinitionQuery()
        .deploymentId(deploymentId)
        .singleResult();
  }

  private static void at(String pacificTime) {
    ClockUtil.setCurrentTime(
        Date.from(LocalDateTime.parse(pacificTime).atZone(REDMOND).toInstant()));
  }

  private static String submit(Http partner, ClaimFixtures.Tenant tenant) {
    Http.Answer answer = partner.postJson("/api/claims", ClaimFixtures.apiClaim(tenant));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  private static Http.Answer dispute(Http partner, String claimId) {
    return partner.postJson(
        "/api/claims/" + claimId + "/dispute",
        Map.of("reason", "The SOW was signed before the rejection."));
  }

  private static Map<String, Object> requestInformation() {
    return Map.of(
        ClaimProcess.Variables.DECISION, "REQUEST_INFORMATION",
        ClaimProcess.Variables.INFORMATION_REASON, "CUSTOMER_SIGNATURE_MISSING",
        ClaimProcess.Variables.DECISION_COMMENT, "Please send the signed statement of work.");
  }

  private static Map<String, Object> reject() {
    return Map.of(
        ClaimProcess.Variables.DECISION, "REJECT",
        ClaimProcess.Variables.REJECTION_REASON, "INSUFFICIENT_PROOF_OF_EXECUTION",
        ClaimProcess.Variables.DECISION_COMMENT, "The statement of work is not signed.");
  }

  private Date timer(ClaimDriver driver, String claimId, String activityId) {
    Job job = driver.job(activityId, driver.instanceOf(claimId));
    assertThat(job).as(activityId + " of " + claimId).isNotNull();
    return job.getDuedate();
  }

  /** The engine's clock moves to the timer's due date, the timer fires, the steps after it run. */
  private void fire(ClaimDriver driver, ProcessInstance instance, String timerId) {
    Job job = driver.job(timerId, instance);
    assertThat(job).as(timerId).isNotNull();
    ClockUtil.setCurrentTime(job.getDuedate());
    engine.getManagementService().executeJob(job.getId());
    driver.runRemainingJobs(instance);
  }

  private String customerDomain(String claimId) {
    return claims.get(claimId).content().customerDomain();
  }

  private List<String> subjects(String claimId) {
    Pattern mentions = Pattern.compile("\\b" + Pattern.quote(claimId) + "\\b");
    List<String> subjects = new ArrayList<>();
    for (MimeMessage message : smtp.getReceivedMessages()) {
      if (mentions.matcher(Mails.subject(message)).find()) {
        subjects.add(Mails.subject(message));
      }
    }
    return subjects;
  }

  private List<MimeMessage> mailsTo(String address) {
    return java.util.Arrays.stream(smtp.getReceivedMessages())
        .filter(message -> Mails.recipients(message).contains(address))
        .toList();
  }

  /** The review is late: the lead is told, once; then it is approved and becomes official. */
  private void lateReviewBecomesOfficial(ClaimDriver driver, String claimId) {
    ProcessInstance inReview = driver.instanceOf(claimId);
    fire(driver, inReview, TIMER_REVIEW_OVERDUE);
    at("2026-12-15T09:00");
    driver.approveAndNotify(inReview);
    driver.optOutWindowPasses(inReview);
  }

  /**
   * The partner is reminded, does not answer, is rejected (the mail offers a dispute) and lets the
   * 30 days pass.
   */
  private void silentPartnerIsRejectedForGood(ClaimDriver driver, String claimId) throws Exception {
    ProcessInstance silent = driver.instanceOf(claimId);
    fire(driver, silent, TIMER_INFORMATION_REMINDER);
    fire(driver, silent, TIMER_PARTNER_ANSWER_OVERDUE);
    assertThat(mailText(claimId, "rejected")).contains("You may dispute this rejection");
    fire(driver, silent, TIMER_DISPUTE_WINDOW_ELAPSED);
  }

  private String mailText(String claimId, String subjectPart) throws Exception {
    Pattern mentions = Pattern.compile("\\b" + Pattern.quote(claimId) + "\\b");
    for (MimeMessage message : smtp.getReceivedMessages()) {
      String subject = Mails.subject(message);
      if (mentions.matcher(subject).find() && subject.contains(subjectPart)) {
        return Mails.text(message).replaceAll("\\s+", " ");
      }
    }
    throw new AssertionError("no mail \"" + subjectPart + "\" about " + claimId);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
