package org.cpor.claims.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The webhook and webhook_delivery tables. Runs in the caller's transaction. */
@Repository
class Webhooks {

  /** A partner's registered endpoint. */
  record Webhook(
      String id,
      String partnerId,
      String url,
      List<String> events,
      String secret,
      Instant createdAt) {

    boolean wants(WebhookEventType type) {
      return events.contains(type.type());
    }
  }

  enum DeliveryStatus {
    QUEUED,
    PENDING,
    DELIVERED,
    FAILED
  }

  /** One event sent to one webhook. */
  record Delivery(
      long id,
      String webhookId,
      String eventId,
      String claimId,
      String eventType,
      String payload,
      DeliveryStatus status,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      Instant createdAt,
      Instant lastAttemptAt,
      Instant deliveredAt) {}

  private final JdbcClient jdbc;

  Webhooks(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Webhook register(String partnerId, String url, List<String> events, Instant now) {
    Webhook webhook =
        new Webhook(
            "wh_" + UUID.randomUUID().toString().replace("-", ""),
            partnerId,
            url,
            List.copyOf(events),
            WebhookSignatures.newSecret(),
            now);
    jdbc.sql(
            "insert into webhook (id, partner_id, url, events, secret, created_at) values (?, ?, ?, ?, ?, ?)")
        .params(
            webhook.id(),
            partnerId,
            url,
            String.join(",", webhook.events()),
            webhook.secret(),
            Timestamp.from(now))
        .update();
    return webhook;
  }

  List<Webhook> ofPartner(String partnerId) {
    return jdbc.sql("select * from webhook where partner_id = ? order by created_at, id")
        .param(partnerId)
        .query(Webhooks::webhook)
        .list();
  }

  /** The webhook, if it is this partner's (another partner's is not told apart from none). */
  Optional<Webhook> find(String partnerId, String webhookId) {
    return jdbc.sql("select * from webhook where id = ? and partner_id = ?")
        .params(webhookId, partnerId)
        .query(Webhooks::webhook)
        .optional();
  }

  Optional<Webhook> find(String webhookId) {
    return jdbc.sql("select * from webhook where id = ?")
        .param(webhookId)
        .query(Webhooks::webhook)
        .optional();
  }

  /** The webhooks of the partner whose claim this is. */
  List<Webhook> ofClaimsPartner(String claimId) {
    return jdbc.sql(
            "select w.* from webhook w join claim c on c.partner_id = w.partner_id where c.id = ?"
                + " order by w.created_at, w.id")
        .param(claimId)
        .query(Webhooks::webhook)
        .list();
  }

  boolean delete(String partnerId, String webhookId) {
    return jdbc.sql("delete from webhook where id = ? and partner_id = ?")
            .params(webhookId, partnerId)
            .update()
        > 0;
  }

  void changeSecret(String webhookId, String secret) {
    jdbc.sql("update webhook set secret = ? where id = ?").params(secret, webhookId).update();
  }

  /**
   * Adds a delivery: PENDING when no earlier one of the same claim is still on its way to the
   * webhook, else QUEUED behind it. Takes the webhook's row lock, as {@link #releaseNext} does: a
   * delivery queued while the one before it finishes is then either seen and released by it, or
   * sees it finished and goes at once (never QUEUED with nobody left to release it).
   */
  Delivery addDelivery(
      String webhookId,
      String eventId,
      String claimId,
      WebhookEventType type,
      String payload,
      Instant now) {
    lock(webhookId);
    DeliveryStatus status =
        inFlight(webhookId, claimId) ? DeliveryStatus.QUEUED : DeliveryStatus.PENDING;
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.sql(
            """
            insert into webhook_delivery (webhook_id, event_id, claim_id, event_type, payload, status,
              attempts, created_at)
            values (?, ?, ?, ?, ?, ?, 0, ?)""")
        .params(
            webhookId, eventId, claimId, type.type(), payload, status.name(), Timestamp.from(now))
        .update(key, "id");
    return delivery(key.getKey().longValue()).orElseThrow();
  }

  private void lock(String webhookId) {
    jdbc.sql("select id from webhook where id = ? for update")
        .param(webhookId)
        .query()
        .listOfRows();
  }

  private boolean inFlight(String webhookId, String claimId) {
    return jdbc.sql(
                "select count(*) from webhook_delivery where webhook_id = ? and claim_id = ? and status = ?")
            .params(webhookId, claimId, DeliveryStatus.PENDING.name())
            .query(Long.class)
            .single()
        > 0;
  }

  Optional<Delivery> delivery(long deliveryId) {
    return jdbc.sql("select * from webhook_delivery where id = ?")
        .param(deliveryId)
        .query(Webhooks::delivery)
        .optional();
  }

  /**
   * The oldest QUEUED delivery of the claim to the webhook, made PENDING, if none is PENDING any
   * more.
   */
  Optional<Delivery> releaseNext(String webhookId, String claimId) {
    lock(webhookId);
    if (inFlight(webhookId, claimId)) {
      return Optional.empty();
    }
    Optional<Delivery> next =
        jdbc.sql(
                """
                select * from webhook_delivery where webhook_id = ? and claim_id = ? and status = ?
                order by id limit 1""")
            .params(webhookId, claimId, DeliveryStatus.QUEUED.name())
            .query(Webhooks::delivery)
            .optional();
    next.ifPresent(delivery -> setStatus(delivery.id(), DeliveryStatus.PENDING));
    return next;
  }

  void attempted(long deliveryId, Integer statusCode, String error, Instant at) {
    jdbc.sql(
            """
            update webhook_delivery set attempts = attempts + 1, last_status_code = ?, last_error = ?,
              last_attempt_at = ? where id = ?""")
        .params(statusCode, truncate(error), Timestamp.from(at), deliveryId)
        .update();
  }

  void delivered(long deliveryId, Instant at) {
    jdbc.sql("update webhook_delivery set status = ?, delivered_at = ? where id = ?")
        .params(DeliveryStatus.DELIVERED.name(), Timestamp.from(at), deliveryId)
        .update();
  }

  void setStatus(long deliveryId, DeliveryStatus status) {
    jdbc.sql("update webhook_delivery set status = ? where id = ?")
        .params(status.name(), deliveryId)
        .update();
  }

  /** The webhook's deliveries, newest first, at most {@code limit}. */
  List<Delivery> deliveries(String webhookId, int limit) {
    return jdbc.sql("select * from webhook_delivery where webhook_id = ? order by id desc limit ?")
        .params(webhookId, limit)
        .query(Webhooks::delivery)
        .list();
  }

  private static String truncate(String text) {
    return text != null && text.length() > 1000 ? text.substring(0, 1000) : text;
  }

  private static Webhook webhook(ResultSet rs, int row) throws SQLException {
    return new Webhook(
        rs.getString("id"),
        rs.getString("partner_id"),
        rs.getString("url"),
        Arrays.asList(rs.getString("events").split(",")),
        rs.getString("secret"),
        rs.getTimestamp("created_at").toInstant());
  }

  private static Delivery delivery(ResultSet rs, int row) throws SQLException {
    int code = rs.getInt("last_status_code");
    Integer lastStatusCode = rs.wasNull() ? null : code;
    return new Delivery(
        rs.getLong("id"),
        rs.getString("webhook_id"),
        rs.getString("event_id"),
        rs.getString("claim_id"),
        rs.getString("event_type"),
        rs.getString("payload"),
        DeliveryStatus.valueOf(rs.getString("status")),
        rs.getInt("attempts"),
        lastStatusCode,
        rs.getString("last_error"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("last_attempt_at")),
        instant(rs.getTimestamp("delivered_at")));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
