package org.cpor.claims.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SMTP server goes down while claims are in flight: claims are still accepted, mail steps retry
 * and become incidents that health and metrics report; once SMTP is back and the incidents are
 * retried, every mail arrives exactly once. A mail step that runs again sends nothing twice.
 */
@CporSpringTest
class SmtpOutageTest {

  private static final int CLAIMS = 12;

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired ClaimRepository claims;
  @Autowired MeterRegistry meters;
  @Autowired JdbcClient jdbc;
  @Autowired org.camunda.bpm.engine.IdentityService identityService;

  private Http partner;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    partner = TestUsers.newPartnerApi(identityService, port);
  }

  @Test
  void claimsSurviveAnSmtpOutageAndEveryMailArrivesExactlyOnce() {
    smtp.stop();
    double raisedBefore = meters.counter("cpor.incidents.raised").count();
    long openBefore = runtimeService.createIncidentQuery().count();

    List<ProcessInstance> instances = new ArrayList<>();
    for (int i = 0; i < CLAIMS; i++) {
      Http.Answer submitted =
          partner.postJson(
              "/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)));
      assertThat(submitted.status()).as("claims are accepted while SMTP is down").isEqualTo(201);
      instances.add(
          runtimeService
              .createProcessInstanceQuery()
              .processInstanceBusinessKey(submitted.json().get("id").asText())
              .singleResult());
    }
    // Half are approved (customer mail), half rejected (partner mail): both kinds of mail step
    // fail.
    for (int i = 0; i < CLAIMS; i++) {
      taskService.complete(
          task(instances.get(i)).getId(),
          i % 2 == 0
              ? Map.of("decision", "APPROVE")
              : Map.of(
                  "decision",
                  "REJECT",
                  "rejectionReason",
                  "INSUFFICIENT_PROOF_OF_EXECUTION",
                  "decisionComment",
                  "No SOW."));
    }
    List<Job> mailJobs =
        managementService.createJobQuery().messages().list().stream()
            .filter(
                job ->
                    instances.stream()
                        .anyMatch(pi -> pi.getId().equals(job.getProcessInstanceId())))
            .toList();
    assertThat(mailJobs).hasSize(CLAIMS);
    for (int attempt = 0; attempt < 3; attempt++) {
      for (Job job : mailJobs) {
        try {
          managementService.executeJob(job.getId());
        } catch (RuntimeException smtpDown) {
          // expected: the job keeps its place and loses one retry
        }
      }
    }

    assertThat(runtimeService.createIncidentQuery().count()).isEqualTo(openBefore + CLAIMS);
    assertThat(meters.counter("cpor.incidents.raised").count() - raisedBefore).isEqualTo(CLAIMS);
    assertThat(meters.get("cpor.incidents.open").gauge().value()).isEqualTo(openBefore + CLAIMS);
    Http.Answer health = analystHttp().get("/actuator/health");
    assertThat(health.json().get("components").get("incidents").get("details").get("open").asLong())
        .isEqualTo(openBefore + CLAIMS);
    assertThat(health.json().get("components").get("mail").get("status").asText())
        .isEqualTo("DOWN");
    // Readiness (what a load balancer asks) stays UP: claims are still accepted.
    assertThat(Http.to(port).get("/actuator/health/readiness").json().get("status").asText())
        .isEqualTo("UP");
    for (int i = 0; i < CLAIMS; i++) {
      assertThat(claims.get(instances.get(i).getBusinessKey()).status())
          .isEqualTo(i % 2 == 0 ? ClaimStatus.UNDER_REVIEW : ClaimStatus.REJECTED);
    }

    smtp.start();
    // An operator retries the incidents (Cockpit's "retry" does the same).
    for (Job job : mailJobs) {
      managementService.setJobRetries(job.getId(), 1);
      managementService.executeJob(job.getId());
    }

    assertThat(runtimeService.createIncidentQuery().count()).isEqualTo(openBefore);
    Map<String, Long> mailsPerSubject =
        Arrays.stream(smtp.getReceivedMessages())
            .map(Mails::subject)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(mailsPerSubject)
        .hasSize(CLAIMS)
        .allSatisfy((subject, count) -> assertThat(count).isEqualTo(1));
    for (int i = 0; i < CLAIMS; i += 2) {
      assertThat(claims.get(instances.get(i).getBusinessKey()).status())
          .isEqualTo(ClaimStatus.APPROVED);
    }
  }

  @Test
  void aMailStepThatRunsAgainDoesNotSendItsMailTwice() throws Exception {
    String claimId =
        partner
            .postJson("/api/claims", ClaimFixtures.apiClaim(ClaimFixtures.registerTenant(jdbc)))
            .json()
            .get("id")
            .asText();
    ClaimDriver driver = ClaimDriver.on(engine);
    ProcessInstance instance = driver.approveAndNotify(driver.instanceOf(claimId));
    assertThat(smtp.getReceivedMessages()).hasSize(1);

    // The step runs again, as after a crash between the SMTP answer and the commit of its
    // transaction.
    runtimeService
        .createProcessInstanceModification(instance.getId())
        .startBeforeActivity(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER)
        .execute();
    managementService.executeJob(
        managementService
            .createJobQuery()
            .processInstanceId(instance.getId())
            .messages()
            .singleResult()
            .getId());

    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(smtp.getReceivedMessages()[0].getMessageID())
        .isEqualTo("<" + claimId + ".customer-notification@cpor.partners.example.com>");
    assertThat(
            partner.get("/api/claims/" + claimId).json().get("history").findValuesAsText("detail"))
        .anyMatch(detail -> detail.contains("not sent twice"));
  }

  /** Health details are for analysts and admins (the status alone is public). */
  private Http analystHttp() {
    return Http.to(port).as(TestUsers.analyst(identityService), TestUsers.PASSWORD);
  }
}
