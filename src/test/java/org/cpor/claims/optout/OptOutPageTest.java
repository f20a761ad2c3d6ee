package org.cpor.claims.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.util.Arrays;
import java.util.Date;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.claim.RejectionReason;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The customer declines through the link in the notification mail, without an account. */
@CporSpringTest
class OptOutPageTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ClaimRepository claims;
  @Autowired JdbcClient jdbc;

  private Http customer;
  private ClaimFixtures.Tenant tenant;

  @BeforeEach
  void setUp() {
    BpmnAwareTests.init(engine);
    customer = Http.to(port);
    tenant = ClaimFixtures.registerTenant(jdbc);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void customerSeesWhoClaimsWhatAndDeclinesOnce() throws Exception {
    ProcessInstance instance = approvedClaim();
    String link = optOutPath(instance);

    Http.Answer page = customer.get(link);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "<html lang=\"en\">",
            "Partner association request " + instance.getBusinessKey(),
            "Microsoft partner " + claim(instance).partnerId(),
            tenant.domain(),
            "Teams, Exchange",
            "You may decline until",
            "<button type=\"submit\">Decline this association</button>");

    Http.Answer declined = customer.send("POST", link, null, "", Map.of());
    assertThat(declined.status()).isEqualTo(200);
    assertThat(declined.body()).contains("You have declined this association");
    assertThat(claim(instance).status()).isEqualTo(ClaimStatus.REJECTED);
    assertThat(claim(instance).rejectionReason()).isEqualTo(RejectionReason.CUSTOMER_DECLINED);

    Http.Answer again = customer.send("POST", link, null, "", Map.of());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).contains("You had already declined this association");
    assertThat(customer.get(link).body()).contains("You have already declined");

    execute(job(ClaimProcess.Elements.TASK_EMAIL_REJECTION, instance));
    assertThat(Arrays.stream(smtp.getReceivedMessages()).map(Mails::subject))
        .contains("CPOR claim " + instance.getBusinessKey() + " rejected: Customer declined");
  }

  @Test
  void afterTheDeadlineTheLinkIsGone() throws Exception {
    ProcessInstance instance = approvedClaim();
    String link = optOutPath(instance);
    ClockUtil.setCurrentTime(new Date(claim(instance).optOutDeadline().toEpochMilli() + 1000));

    assertThat(customer.get(link).status()).isEqualTo(410);
    Http.Answer tooLate = customer.send("POST", link, null, "", Map.of());
    assertThat(tooLate.status()).isEqualTo(410);
    assertThat(tooLate.body()).contains("The opt-out period has ended");
    assertThat(claim(instance).status()).isEqualTo(ClaimStatus.APPROVED);
  }

  @Test
  void aTamperedOrUnknownTokenIsNotFound() throws Exception {
    ProcessInstance instance = approvedClaim();
    String link = optOutPath(instance);
    // The signature's first character: every bit of it counts (the last one may carry padding).
    int signature = link.lastIndexOf('.') + 1;
    char first = link.charAt(signature);
    String tampered =
        link.substring(0, signature) + (first == 'A' ? 'B' : 'A') + link.substring(signature + 1);

    assertThat(customer.get(tampered).status()).isEqualTo(404);
    assertThat(customer.send("POST", tampered, null, "", Map.of()).status()).isEqualTo(404);
    assertThat(customer.get("/opt-out/" + instance.getBusinessKey()).status()).isEqualTo(404);
    assertThat(customer.get("/opt-out/eyJhbGciOiJub25lIn0.").status()).isEqualTo(404);
    assertThat(claim(instance).status()).isEqualTo(ClaimStatus.APPROVED);
  }

  private ProcessInstance approvedClaim() {
    ProcessInstance instance =
        runtimeService.startProcessInstanceByKey(
            ClaimProcess.PROCESS_KEY, ClaimFixtures.claim(ClaimFixtures.newPartnerId(), tenant));
    return ClaimDriver.on(engine).approveAndNotify(instance);
  }

  private String optOutPath(ProcessInstance instance) {
    return Mails.optOutPath(smtp.getReceivedMessages(), instance.getBusinessKey());
  }

  private Claim claim(ProcessInstance instance) {
    return claims.get(instance.getBusinessKey());
  }
}
