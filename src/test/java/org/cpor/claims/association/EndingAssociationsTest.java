package org.cpor.claims.association;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.process.AssociationEndProcesses;
import org.cpor.claims.support.ClaimDriver;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.ClaimFixtures.Tenant;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.Mails;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * After "official": the customer ends the association through the link of the notification mail,
 * the partner disassociates with a reason, a subscription's association ends with the subscription.
 * Each time the association is ENDED, the partner is mailed, the claim's history says so, and
 * another partner's claim on it is no longer a competing claim.
 */
@CporSpringTest
class EndingAssociationsTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired ProcessEngine engine;
  @Autowired IdentityService identityService;
  @Autowired ClaimRepository claims;
  @Autowired ClaimHistory history;
  @Autowired AssociationRegister associations;
  @Autowired JdbcClient jdbc;
  @Autowired Deadlines deadlines;

  private ClaimDriver driver;
  private Tenant tenant;
  private Http customer;
  private Http holder;
  private Http other;

  @BeforeEach
  void setUp() {
    driver = ClaimDriver.on(engine);
    tenant = ClaimFixtures.registerTenant(jdbc);
    customer = Http.to(port);
    holder = TestUsers.newPartnerApi(identityService, port);
    other = TestUsers.newPartnerApi(identityService, port);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  void theCustomerEndsAnOfficialAssociationThroughTheLinkLongAfterTheDeadline() {
    String claimId = submit(holder, ClaimFixtures.apiClaim(tenant));
    makeOfficial(claimId);
    String link = Mails.optOutPath(smtp.getReceivedMessages(), claimId);
    // Months later: the link no longer expires at the opt-out deadline.
    ClockUtil.setCurrentTime(
        new Date(claims.get(claimId).optOutDeadline().toEpochMilli() + 90L * 24 * 3600 * 1000));

    Http.Answer page = customer.get(link);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "Official since",
            "Teams, Exchange",
            tenant.domain(),
            "<button type=\"submit\">End this association</button>");

    // The first POST only asks to confirm: nothing ends yet.
    Http.Answer confirm = postForm(link + "/end", "reason=We+work+with+our+own+IT+now");
    assertThat(confirm.status()).isEqualTo(200);
    assertThat(confirm.body())
        .contains("End this association?", "This is final", "Yes, end this association");
    assertThat(officialOf(claimId)).hasSize(2);

    Http.Answer ended = postForm(link + "/end", "reason=We+work+with+our+own+IT+now&confirm=yes");
    assertThat(ended.status()).isEqualTo(200);
    assertThat(ended.body()).contains("You have ended this association");
    assertThat(associations.ofClaim(claimId))
        .extracting(Association::status, Association::endedBy, Association::endReason)
        .containsOnly(
            tuple(AssociationStatus.ENDED, EndedBy.CUSTOMER, "We work with our own IT now"));
    assertThat(associations.ofClaim(claimId)).allMatch(a -> a.endedAt() != null);
    assertThat(history.of(claimId))
        .filteredOn(event -> event.type() == ClaimEventType.ASSOCIATION_ENDED)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.actor()).startsWith("customer chris@");
              assertThat(event.detail())
                  .isEqualTo(
                      "Association for Teams, Exchange ended by the customer: We work with our own"
                          + " IT now");
            });

    // The partner is told by an asynchronous, retried step.
    runMailJob(claimId);
    assertThat(mailsAbout(claimId, "ended"))
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(Mails.subject(mail))
                  .isEqualTo("CPOR claim " + claimId + ": association for Teams, Exchange ended");
              assertThat(Mails.recipients(mail)).contains("pat@partner.example.com");
              assertThat(text(mail))
                  .contains("Ended by: the customer", "Reason: We work with our own IT now");
            });

    // The link is spent, and answers as ended.
    Http.Answer gone = customer.get(link);
    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.body()).contains("This association has ended", "ended by the customer");
    assertThat(postForm(link + "/end", "confirm=yes").status()).isEqualTo(410);
    assertThat(customer.send("POST", link, null, "", Map.of()).status()).isEqualTo(410);

    // Another partner may now claim the same workloads of the tenant without competing.
    ClockUtil.reset();
    String newClaim = submit(other, ClaimFixtures.apiClaim(tenant));
    // The validator's form shows who held it and why it ended.
    assertThat(claims.get(newClaim).checkFindings())
        .doesNotContain("Competing claim")
        .contains(
            "Ended association: ",
            "(claim " + claimId + ")",
            "ended by the customer: We work with our own IT now");
    makeOfficial(newClaim);
    assertThat(associations.ofClaim(claimId)).allMatch(a -> a.supersededByClaimId() == null);
  }

  @Test
  void thePartnerDisassociatesWithAMandatoryReason() {
    String claimId = submit(holder, ClaimFixtures.apiClaim(tenant));
    makeOfficial(claimId);
    JsonNode held = holder.get("/api/associations?customerTenantId=" + tenant.id()).json();
    long teams = idOf(held, "Teams");
    long exchange = idOf(held, "Exchange");

    Http.Answer noReason = holder.postJson("/api/associations/" + teams + "/end", Map.of());
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.header("Content-Type")).startsWith("application/problem+json");
    assertThat(noReason.problemFields()).containsExactly("reason");
    assertThat(noReason.json().toString()).contains("is required");
    assertThat(
            holder
                .postJson("/api/associations/" + teams + "/end", Map.of("reason", " "))
                .problemFields())
        .containsExactly("reason");
    assertThat(associations.find(teams).orElseThrow().status())
        .isEqualTo(AssociationStatus.OFFICIAL);

    // Another partner's association is not found, whether it exists or not.
    assertThat(
            other
                .postJson("/api/associations/" + teams + "/end", Map.of("reason", "Not mine"))
                .status())
        .isEqualTo(404);
    assertThat(holder.postJson("/api/associations/999999999/end", Map.of("reason", "x")).status())
        .isEqualTo(404);

    Http.Answer ended =
        holder.postJson(
            "/api/associations/" + teams + "/end",
            Map.of("reason", "The customer cancelled our Teams contract"));
    assertThat(ended.status()).as(ended.body()).isEqualTo(200);
    assertThat(ended.json().get("status").asText()).isEqualTo("ENDED");
    assertThat(ended.json().get("endedBy").asText()).isEqualTo("PARTNER");
    assertThat(ended.json().get("endReason").asText())
        .isEqualTo("The customer cancelled our Teams contract");
    assertThat(ended.json().get("endedAt").isNull()).isFalse();
    // Only that workload ended; again is a conflict.
    assertThat(associations.find(exchange).orElseThrow().status())
        .isEqualTo(AssociationStatus.OFFICIAL);
    assertThat(
            holder
                .postJson("/api/associations/" + teams + "/end", Map.of("reason", "again"))
                .status())
        .isEqualTo(409);
    assertThat(
            holder
                .get("/api/associations?status=ENDED&customerTenantId=" + tenant.id())
                .json()
                .get("content")
                .findValuesAsText("workload"))
        .containsExactly("Teams");

    // The reason is in the history the partner, validators and analysts read.
    assertThat(holder.get("/api/claims/" + claimId).json().get("history").toString())
        .contains("ASSOCIATION_ENDED", "The customer cancelled our Teams contract");
    String analyst = TestUsers.analyst(identityService);
    Http.Answer analytics =
        Http.to(port)
            .as(analyst, TestUsers.PASSWORD)
            .get("/api/analytics/claims/" + claimId + "/history");
    assertThat(analytics.status()).isEqualTo(200);
    assertThat(analytics.body())
        .contains(
            "ASSOCIATION_ENDED",
            "Association for Teams ended by the partner: The customer cancelled our Teams contract");

    runMailJob(claimId);
    assertThat(mailsAbout(claimId, "ended"))
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(Mails.subject(mail))
                  .isEqualTo("CPOR claim " + claimId + ": association for Teams ended");
              assertThat(text(mail)).contains("Ended by: the partner");
            });
    // The customer's link still offers to end what is left.
    assertThat(customer.get(Mails.optOutPath(smtp.getReceivedMessages(), claimId)).body())
        .contains("End this association", "Exchange")
        .doesNotContain("Teams, Exchange");
  }

  @Test
  void aBusinessApplicationsAssociationEndsWhenItsSubscriptionHasEnded() {
    String subscription = UUID.randomUUID().toString();
    LocalDate lastDay = LocalDate.now(zone()).plusDays(20);
    Map<String, Object> dynamics = ClaimFixtures.dynamicsClaim(tenant, subscription);
    dynamics.put("subscriptionEndDate", lastDay.toString());
    String claimId = submit(holder, dynamics);
    assertThat(holder.get("/api/claims/" + claimId).json().get("subscriptionEndDate").asText())
        .isEqualTo(lastDay.toString());
    makeOfficial(claimId);
    assertThat(associations.ofClaim(claimId))
        .extracting(Association::subscriptionEndDate)
        .containsExactly(lastDay);

    // On the subscription's last day, the daily job leaves it official.
    runDailyJobOn(lastDay);
    assertThat(officialOf(claimId)).hasSize(1);

    // The next day it ends; another run ends nothing twice and mails once.
    runDailyJobOn(lastDay.plusDays(1));
    runDailyJobOn(lastDay.plusDays(2));
    assertThat(associations.ofClaim(claimId))
        .extracting(Association::status, Association::endedBy, Association::endReason)
        .containsExactly(
            tuple(
                AssociationStatus.ENDED,
                EndedBy.SUBSCRIPTION_EXPIRED,
                "The subscription ended on " + lastDay));
    assertThat(history.of(claimId))
        .filteredOn(event -> event.type() == ClaimEventType.ASSOCIATION_ENDED)
        .extracting(event -> event.actor())
        .containsExactly(ClaimHistory.SYSTEM);
    runMailJob(claimId);
    assertThat(mailsAbout(claimId, "ended"))
        .singleElement()
        .satisfies(mail -> assertThat(text(mail)).contains("the end of the subscription"));

    // The subscription is free: another partner's claim on it is not competing.
    String newClaim = submit(other, ClaimFixtures.dynamicsClaim(tenant, subscription));
    assertThat(claims.get(newClaim).checkFindings())
        .doesNotContain("Competing claim")
        .contains("ended by the end of the subscription: The subscription ended on " + lastDay);
  }

  @Test
  void anEndDateOnlyForSubscriptionClaimsAndAsADate() {
    Map<String, Object> teams = ClaimFixtures.apiClaim(tenant);
    teams.put("subscriptionEndDate", "2027-06-30");
    assertThat(holder.postJson("/api/claims", teams).problemFields())
        .containsExactly("subscriptionEndDate");
    Map<String, Object> dynamics =
        ClaimFixtures.dynamicsClaim(tenant, UUID.randomUUID().toString());
    dynamics.put("subscriptionEndDate", "next year");
    Http.Answer answer = holder.postJson("/api/claims", dynamics);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("detail").asText())
        .contains("subscriptionEndDate: must be a date as YYYY-MM-DD");
  }

  // The daily timer of cpor-subscription-expiry fires at this day's 00:15 (the engine's clock
  // moved there) and its step runs.
  private void runDailyJobOn(LocalDate day) {
    var management = engine.getManagementService();
    ClockUtil.setCurrentTime(Date.from(day.atTime(0, 20).atZone(zone()).toInstant()));
    Job timer =
        management
            .createJobQuery()
            .processDefinitionKey(AssociationEndProcesses.EXPIRY_KEY)
            .timers()
            .singleResult();
    management.executeJob(timer.getId());
    for (Job step :
        management
            .createJobQuery()
            .processDefinitionKey(AssociationEndProcesses.EXPIRY_KEY)
            .messages()
            .list()) {
      management.executeJob(step.getId());
    }
    ClockUtil.reset();
  }

  private void runMailJob(String claimId) {
    var management = engine.getManagementService();
    var instances =
        engine
            .getRuntimeService()
            .createProcessInstanceQuery()
            .processDefinitionKey(AssociationEndProcesses.ENDED_KEY)
            .processInstanceBusinessKey(claimId)
            .list();
    assertThat(instances).isNotEmpty();
    for (var instance : instances) {
      Job job = management.createJobQuery().processInstanceId(instance.getId()).singleResult();
      management.executeJob(job.getId());
    }
  }

  private List<MimeMessage> mailsAbout(String claimId, String word) {
    return Arrays.stream(smtp.getReceivedMessages())
        .filter(m -> Mails.subject(m).startsWith("CPOR claim " + claimId + ":"))
        .filter(m -> Mails.subject(m).endsWith(" " + word))
        .toList();
  }

  private static String text(MimeMessage mail) {
    return Mails.text(mail);
  }

  private List<Association> officialOf(String claimId) {
    return associations.ofClaim(claimId).stream()
        .filter(a -> a.status() == AssociationStatus.OFFICIAL)
        .toList();
  }

  private Http.Answer postForm(String path, String form) {
    return customer.send("POST", path, "application/x-www-form-urlencoded", form, Map.of());
  }

  private static long idOf(JsonNode page, String workload) {
    for (JsonNode association : page.get("content")) {
      if (association.get("workload").asText().equals(workload)) {
        return association.get("id").asLong();
      }
    }
    throw new AssertionError("No association for " + workload + " in " + page);
  }

  private String submit(Http partner, Map<String, Object> claim) {
    Http.Answer answer = partner.postJson("/api/claims", claim);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().get("id").asText();
  }

  private void makeOfficial(String claimId) {
    var instance = driver.instanceOf(claimId);
    driver.approveAndNotify(instance);
    driver.optOutWindowPasses(instance);
  }

  private ZoneId zone() {
    return deadlines.zone();
  }
}
