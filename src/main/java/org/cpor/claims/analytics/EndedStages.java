package org.cpor.claims.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.cpor.claims.analytics.ClaimAnalytics.Stage;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.claim.ClaimEventRecorded;
import org.cpor.claims.claim.ClaimEventType;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps table claim_stage: each stage of a claim that ended, written in the transaction of the
 * history entry that ends it. A review round ends with the validator's first decision after the
 * review started (asking for information is one); the application's own entry of a mailed request a
 * moment later ends nothing.
 */
@Component
class EndedStages {

  static final String REVIEW_ROUND = "REVIEW_ROUND";
  static final List<ClaimEventType> REVIEW_DECISIONS =
      List.of(
          ClaimEventType.APPROVED_BY_VALIDATOR,
          ClaimEventType.REJECTED_BY_VALIDATOR,
          ClaimEventType.INFORMATION_REQUESTED);

  private final JdbcClient jdbc;
  private final Deadlines deadlines;

  EndedStages(JdbcClient jdbc, Deadlines deadlines) {
    this.jdbc = jdbc;
    this.deadlines = deadlines;
  }

  @EventListener
  void on(ClaimEventRecorded event) {
    for (Stage stage : Stage.values()) {
      if (stage.ends.contains(event.type())) {
        latestStart(event, stage.starts)
            .ifPresent(started -> insert(event, stage.name(), started, null));
      }
    }
    if (REVIEW_DECISIONS.contains(event.type())) {
      latestStart(event, List.of(ClaimEventType.REVIEW_STARTED))
          .filter(started -> !roundRecorded(event.claimId(), started))
          .ifPresent(
              started -> insert(event, REVIEW_ROUND, started, deadlines.reviewDueAfter(started)));
    }
  }

  private java.util.Optional<Instant> latestStart(
      ClaimEventRecorded event, List<ClaimEventType> starts) {
    List<Object> params = new java.util.ArrayList<>();
    params.add(event.claimId());
    starts.forEach(type -> params.add(type.name()));
    params.add(Timestamp.from(event.occurredAt()));
    return jdbc.sql(
            "select max(occurred_at) from claim_event where claim_id = ? and type in ("
                + String.join(", ", java.util.Collections.nCopies(starts.size(), "?"))
                + ") and occurred_at <= ?")
        .params(params)
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant);
  }

  private boolean roundRecorded(String claimId, Instant started) {
    return jdbc.sql(
                "select count(*) from claim_stage where claim_id = ? and stage = ? and started_at = ?")
            .params(claimId, REVIEW_ROUND, Timestamp.from(started))
            .query(Long.class)
            .single()
        > 0;
  }

  private void insert(ClaimEventRecorded event, String stage, Instant started, Instant due) {
    jdbc.sql(
            "insert into claim_stage (claim_id, stage, started_at, ended_at, seconds, due_at)"
                + " values (?, ?, ?, ?, ?, ?)")
        .params(
            event.claimId(),
            stage,
            Timestamp.from(started),
            Timestamp.from(event.occurredAt()),
            seconds(started, event.occurredAt()),
            due == null ? null : Timestamp.from(due))
        .update();
  }

  private static long seconds(Instant started, Instant ended) {
    return (ended.toEpochMilli() - started.toEpochMilli()) / 1000;
  }

  /**
   * Fills claim_stage from the history written before it existed, in the same way as {@link #on}:
   * every ending entry with the latest start of its claim before it. Returns the rows written.
   */
  static int backfill(Connection connection, Deadlines deadlines) throws SQLException {
    int written = 0;
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into claim_stage (claim_id, stage, started_at, ended_at, seconds, due_at)"
                + " values (?, ?, ?, ?, ?, ?)")) {
      for (Stage stage : Stage.values()) {
        written += copy(connection, insert, stage.name(), stage.starts, stage.ends, null);
      }
      written +=
          copy(
              connection,
              insert,
              REVIEW_ROUND,
              List.of(ClaimEventType.REVIEW_STARTED),
              REVIEW_DECISIONS,
              deadlines);
    }
    return written;
  }

  /** {@code deadlines} is null for stages without a due time. */
  private static int copy(
      Connection connection,
      PreparedStatement insert,
      String stage,
      List<ClaimEventType> starts,
      List<ClaimEventType> ends,
      Deadlines deadlines)
      throws SQLException {
    String sql =
        "select d.claim_id, max(s.occurred_at), d.occurred_at from claim_event d"
            + " join claim_event s on s.claim_id = d.claim_id and s.type in ("
            + quoted(starts)
            + ") and s.occurred_at <= d.occurred_at"
            + " where d.type in ("
            + quoted(ends)
            + ") group by d.id, d.claim_id, d.occurred_at"
            + " order by d.claim_id, max(s.occurred_at), d.occurred_at";
    int written = 0;
    String lastRound = null;
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String claimId = rows.getString(1);
        Timestamp started = rows.getTimestamp(2);
        Timestamp ended = rows.getTimestamp(3);
        Timestamp due = null;
        if (deadlines != null) {
          String round = claimId + "@" + started.getTime();
          if (round.equals(lastRound)) {
            continue; // the round ended with the earlier entry
          }
          lastRound = round;
          due = Timestamp.from(deadlines.reviewDueAfter(started.toInstant()));
        }
        insert.setString(1, claimId);
        insert.setString(2, stage);
        insert.setTimestamp(3, started);
        insert.setTimestamp(4, ended);
        insert.setLong(5, seconds(started.toInstant(), ended.toInstant()));
        insert.setTimestamp(6, due);
        insert.addBatch();
        if (++written % 1000 == 0) {
          insert.executeBatch();
        }
      }
    }
    insert.executeBatch();
    return written;
  }

  private static String quoted(List<ClaimEventType> types) {
    return String.join(", ", types.stream().map(type -> "'" + type.name() + "'").toList());
  }
}
