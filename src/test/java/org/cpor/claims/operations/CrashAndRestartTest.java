package org.cpor.claims.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cpor.claims.support.ApplicationNode;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestSmtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application is killed ({@code kill -9} of its own JVM, not a closed Spring context) while
 * claims sit at every wait state and mail jobs are running. On restart with the same H2 file
 * database every claim goes on, timers that fell due during the downtime fire, and no claim is lost
 * or duplicated.
 */
class CrashAndRestartTest {

  private static final DateTimeFormatter ENGINE_DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
  private static final int PER_GROUP = 8;

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  private final Path workDir =
      Path.of("target", "crash-test", UUID.randomUUID().toString()).toAbsolutePath();
  private ApplicationNode application;

  @AfterEach
  void stop() throws InterruptedException {
    if (application != null) {
      application.kill();
    }
  }

  @Test
  void everyClaimGoesOnAfterAKillAndARestart() throws Exception {
    Files.createDirectories(workDir);
    int port = ApplicationNode.freePort();
    application = start(port, 1);
    Http partner = Http.to(port).as("partner1", "partner1");
    Http validator = Http.to(port).as("validator", "validator");
    Http admin = Http.to(port).as("admin", "admin");

    List<String> waitingForReview = submit(partner, PER_GROUP);
    List<String> approved = submit(partner, PER_GROUP);
    List<String> dueDuringDowntime = submit(partner, PER_GROUP);
    List<String> waitingForAnswer = submit(partner, PER_GROUP);
    List<String> notifiedAtTheCrash = submit(partner, PER_GROUP);
    for (String claim : concat(approved, dueDuringDowntime)) {
      ClusterSteps.approve(validator, claim);
    }
    for (String claim : waitingForAnswer) {
      ClusterSteps.decide(
          validator,
          claim,
          Map.of(
              "decision",
              "REQUEST_INFORMATION",
              "informationReason",
              "DATES_MISSING_OR_TOO_OLD",
              "decisionComment",
              "Dates, please."));
    }
    ApplicationNode.waitUntil(
        Duration.ofSeconds(60),
        () ->
            statuses(partner, concat(approved, dueDuringDowntime)).stream()
                    .allMatch("APPROVED"::equals)
                && statuses(partner, waitingForAnswer).stream()
                    .allMatch("PARTNER_ACTION_REQUIRED"::equals));
    // Their opt-out deadlines fall due while the application is down.
    String soon = ENGINE_DATE.format(OffsetDateTime.now().plusSeconds(2));
    for (String claim : dueDuringDowntime) {
      assertThat(
              admin
                  .putJson(
                      "/engine-rest/job/" + timerOf(admin, claim) + "/duedate",
                      Map.of("duedate", soon))
                  .status())
          .isEqualTo(204);
    }
    // Approved just before the crash: their mail jobs are queued or running when the JVM dies.
    for (String claim : notifiedAtTheCrash) {
      ClusterSteps.approve(validator, claim);
    }
    application.kill();
    int mailsBeforeRestart = smtp.getReceivedMessages().length;
    Thread.sleep(3000);

    application = start(port, 2);
    ApplicationNode.waitUntil(
        Duration.ofSeconds(90),
        () ->
            statuses(partner, dueDuringDowntime).stream().allMatch("OFFICIAL"::equals)
                && statuses(partner, notifiedAtTheCrash).stream().allMatch("APPROVED"::equals));

    JsonNode all = partner.get("/api/claims?size=100&total=true").json();
    assertThat(all.get("totalElements").asInt())
        .as("no claim lost or duplicated")
        .isEqualTo(5 * PER_GROUP);
    assertThat(statuses(partner, waitingForReview)).containsOnly("UNDER_REVIEW");
    assertThat(statuses(partner, approved)).containsOnly("APPROVED");
    assertThat(statuses(partner, waitingForAnswer)).containsOnly("PARTNER_ACTION_REQUIRED");
    JsonNode instances =
        admin
            .get("/engine-rest/process-instance?processDefinitionKey=cpor-claim&maxResults=500")
            .json();
    assertThat(instances.findValuesAsText("businessKey"))
        .doesNotHaveDuplicates()
        .hasSize(5 * PER_GROUP - PER_GROUP)
        .containsAll(concat(waitingForReview, approved, waitingForAnswer, notifiedAtTheCrash));
    assertThat(admin.get("/engine-rest/incident?maxResults=10").json()).isEmpty();

    Map<String, Integer> customerMails = new HashMap<>();
    for (MimeMessage mail : smtp.getReceivedMessages()) {
      if (mail.getSubject().startsWith("Partner association request ")) {
        customerMails.merge(mail.getSubject().split(" ")[3].replace(":", ""), 1, Integer::sum);
      }
    }
    int duplicates = customerMails.values().stream().mapToInt(count -> count - 1).sum();
    System.out.printf(
        "CRASH claims=%d mails-before-restart=%d customer-mails=%d duplicates=%d%n",
        5 * PER_GROUP,
        mailsBeforeRestart,
        customerMails.values().stream().mapToInt(Integer::intValue).sum(),
        duplicates);
    assertThat(customerMails.keySet())
        .as("every approved claim's customer was notified")
        .containsAll(concat(approved, dueDuringDowntime, notifiedAtTheCrash));
    // At-least-once: only a kill between the SMTP server's answer and the commit of the mail's
    // deduplication key (a millisecond) can send a mail twice.
    assertThat(duplicates).isLessThanOrEqualTo(1);
  }

  private ApplicationNode start(int port, int run) throws IOException, InterruptedException {
    return ApplicationNode.start(
        workDir,
        "application-" + run,
        port,
        TestSmtp.PORT,
        List.of(
            "--spring.profiles.active=demo",
            "--spring.datasource.url=jdbc:h2:file:"
                + workDir.resolve("cpor")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0",
            // Jobs locked by the killed JVM go to the new one once their lock expires.
            "--camunda.bpm.job-execution.lock-time-in-millis=10000"));
  }

  private static List<String> submit(Http partner, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Http.Answer answer =
          partner.postJson("/api/claims", ClaimFixtures.apiClaimForNewCustomer("crash"));
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
      ids.add(answer.json().get("id").asText());
    }
    return ids;
  }

  private static String timerOf(Http admin, String claimId) {
    String instance =
        admin
            .get("/engine-rest/process-instance?businessKey=" + claimId + "&maxResults=1")
            .json()
            .get(0)
            .get("id")
            .asText();
    return admin
        .get("/engine-rest/job?processInstanceId=" + instance + "&timers=true&maxResults=1")
        .json()
        .get(0)
        .get("id")
        .asText();
  }

  private static List<String> statuses(Http partner, List<String> claimIds) {
    return claimIds.stream()
        .map(id -> partner.get("/api/claims/" + id).json().get("status").asText())
        .toList();
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    assertThat(new HashSet<>(all)).hasSize(all.size());
    return all;
  }
}
