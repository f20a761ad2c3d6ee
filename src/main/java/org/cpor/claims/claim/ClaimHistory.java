package org.cpor.claims.claim;

import java.time.Instant;
import java.util.List;
import org.cpor.claims.calendar.EngineClock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Every change, decision, comment and email on a claim, with time and actor. Each entry is also
 * published as a {@link ClaimEventRecorded} in the same transaction (webhooks listen to it): this
 * is the one place every status change passes.
 */
@Repository
public class ClaimHistory {

  /** The actor of what the application does by itself. */
  public static final String SYSTEM = "system";

  private static final int MAX_DETAIL = 4000;

  private final JdbcClient jdbc;
  private final ApplicationEventPublisher events;

  public ClaimHistory(JdbcClient jdbc, ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.events = events;
  }

  public void record(String claimId, String actor, ClaimEventType type, String detail) {
    String text =
        detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    Instant now = EngineClock.now();
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql(
            "insert into claim_event (claim_id, occurred_at, actor, type, detail) values (?, ?, ?, ?, ?)")
        .params(claimId, ClaimRepository.ts(now), actor, type.name(), text)
        .update(key, "id");
    events.publishEvent(
        new ClaimEventRecorded(key.getKey().longValue(), claimId, now, actor, type, text));
  }

  public List<ClaimEvent> of(String claimId) {
    return jdbc.sql(
            "select occurred_at, actor, type, detail from claim_event where claim_id = ? order by occurred_at, id")
        .param(claimId)
        .query(
            (rs, row) ->
                new ClaimEvent(
                    ClaimRepository.instant(rs.getTimestamp(1)),
                    rs.getString(2),
                    ClaimEventType.valueOf(rs.getString(3)),
                    rs.getString(4)))
        .list();
  }
}
