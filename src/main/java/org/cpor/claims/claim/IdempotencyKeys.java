package org.cpor.claims.claim;

import java.sql.Timestamp;
import java.util.Optional;
import org.cpor.claims.calendar.EngineClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * {@code Idempotency-Key}s of claim submissions, per partner: a retried POST finds its first claim.
 */
@Repository
class IdempotencyKeys {

  public static final int MAX_LENGTH = 200;

  private final JdbcClient jdbc;

  IdempotencyKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<String> claimOf(String partnerId, String key) {
    return jdbc.sql("select claim_id from idempotency_key where partner_id = ? and key_value = ?")
        .params(partnerId, key)
        .query(String.class)
        .optional();
  }

  /**
   * Records the key before the claim is started. A concurrent request with the same key waits on
   * the primary key and then fails with a duplicate key, so only one claim is ever started.
   */
  public void record(String partnerId, String key, String claimId) {
    jdbc.sql(
            "insert into idempotency_key (partner_id, key_value, claim_id, created_at) values (?, ?, ?, ?)")
        .params(partnerId, key, claimId, Timestamp.from(EngineClock.now()))
        .update();
  }
}
