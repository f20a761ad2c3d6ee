package org.cpor.claims.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the tests on several nodes of one database do to their claims: decide a review as a
 * validator over a node's engine REST, skip the five business days as an operator would, count
 * claims.
 */
final class ClusterSteps {

  private ClusterSteps() {}

  /** The validator completes the claim's review task with this decision (string variables). */
  static void decide(Http validator, String claimId, Map<String, String> decision) {
    JsonNode tasks =
        validator
            .get("/engine-rest/task?processInstanceBusinessKey=" + claimId + "&maxResults=1")
            .json();
    Http.Answer completed =
        validator.postJson(
            "/engine-rest/task/" + tasks.get(0).get("id").asText() + "/complete",
            Map.of("variables", ClaimFixtures.engineRestVariables(decision)));
    assertThat(completed.status()).as(completed.body()).isEqualTo(204);
  }

  static void approve(Http validator, String claimId) {
    decide(validator, claimId, Map.of("decision", "APPROVE"));
  }

  /**
   * What an operator would do to skip the five business days: every opt-out timer is due now. The
   * engine keeps timestamps as wall-clock time of the application's pinned zone, not the database
   * server's.
   */
  static void makeOptOutDeadlinesDue(JdbcClient database) {
    database
        .sql(
            "update act_ru_job set duedate_ = ? where handler_type_ = 'timer-intermediate-transition'")
        .param(LocalDateTime.now(ZoneId.of("America/Los_Angeles")))
        .update();
  }

  /** How many of these claims have this status. */
  static long count(JdbcClient database, List<String> ids, String status) {
    return database
        .sql("select count(*) from claim where status = :status and id in (:ids)")
        .param("status", status)
        .param("ids", ids)
        .query(Long.class)
        .single();
  }
}
