package org.cpor.claims.notification;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The mails already sent, by deduplication key. Mail steps are at-least-once: a step whose
 * transaction is lost after the SMTP server took its mail (a crash, a lost commit) runs again. The
 * key is committed on its own right after sending, so the step's second run finds it and sends
 * nothing; only a crash in the few milliseconds between the SMTP answer and that commit can still
 * send a mail twice.
 */
@Repository
class SentMails {

  private final JdbcClient jdbc;

  SentMails(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public boolean wasSent(String dedupKey) {
    return jdbc.sql("select count(*) from sent_mail where dedup_key = ?")
            .param(dedupKey)
            .query(Integer.class)
            .single()
        > 0;
  }

  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public void recordSent(
      String dedupKey, String claimId, String recipient, String subject, Instant at) {
    jdbc.sql(
            "insert into sent_mail (dedup_key, claim_id, recipient, subject, sent_at) values (?, ?, ?, ?, ?)")
        .params(
            dedupKey,
            claimId,
            recipient,
            subject.length() > 500 ? subject.substring(0, 500) : subject,
            Timestamp.from(at))
        .update();
  }
}
