package org.cpor.claims.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventRecorded;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.security.AsSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns the status changes of claims into deliveries to their partner's webhooks, and sends them.
 *
 * <p>Each change is recorded in the claim's history ({@link ClaimEventRecorded}); in that same
 * transaction a delivery row is written per interested webhook and a {@code cpor-webhook-delivery}
 * process started for it, so a change is never committed without its deliveries, nor the other way
 * round. The process's asynchronous service task sends it; a failure is a retried job, and when the
 * retries are used up an incident ({@link WebhookIncidents} marks the delivery FAILED).
 *
 * <p>In order per claim and webhook: a delivery waits (QUEUED) while an earlier one of the same
 * claim is PENDING, and its process starts only when that one is delivered or has failed.
 */
@Service
class WebhookDeliveries {

  private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);

  private final Webhooks webhooks;
  private final ClaimRepository claims;
  private final WebhookUrls urls;
  private final WebhookSender sender;
  private final RuntimeService runtimeService;
  private final AsSystem asSystem;
  private final ObjectMapper json;
  private final TransactionTemplate separately;

  WebhookDeliveries(
      Webhooks webhooks,
      ClaimRepository claims,
      WebhookUrls urls,
      WebhookSender sender,
      RuntimeService runtimeService,
      AsSystem asSystem,
      ObjectMapper json,
      PlatformTransactionManager transactions) {
    this.webhooks = webhooks;
    this.claims = claims;
    this.urls = urls;
    this.sender = sender;
    this.runtimeService = runtimeService;
    this.asSystem = asSystem;
    this.json = json;
    this.separately = new TransactionTemplate(transactions);
    this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /** In the transaction that records the change (synchronous listener). */
  @EventListener
  void onClaimEvent(ClaimEventRecorded recorded) {
    Optional<WebhookEventType> type = WebhookEventType.of(recorded.type());
    if (type.isEmpty()) {
      return;
    }
    List<Webhooks.Webhook> interested =
        webhooks.ofClaimsPartner(recorded.claimId()).stream()
            .filter(webhook -> webhook.wants(type.get()))
            .toList();
    if (interested.isEmpty()) {
      return;
    }
    Claim claim = claims.get(recorded.claimId());
    String eventId = "evt_" + recorded.eventId();
    String payload = payload(eventId, type.get(), recorded, claim);
    Instant now = EngineClock.now();
    for (Webhooks.Webhook webhook : interested) {
      Webhooks.Delivery delivery =
          webhooks.addDelivery(webhook.id(), eventId, claim.id(), type.get(), payload, now);
      if (delivery.status() == Webhooks.DeliveryStatus.PENDING) {
        start(delivery);
      }
    }
  }

  /** The body of every attempt of this event, Standard Webhooks style: type, timestamp, data. */
  private String payload(
      String eventId, WebhookEventType type, ClaimEventRecorded recorded, Claim claim) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("claimId", claim.id());
    data.put("status", type.status() != null ? type.status().name() : claim.status().name());
    data.put(
        "rejectionReason",
        type.status() == org.cpor.claims.claim.ClaimStatus.REJECTED
                && claim.rejectionReason() != null
            ? claim.rejectionReason().name()
            : null);
    data.put("detail", recorded.detail());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", eventId);
    body.put("type", type.type());
    body.put("timestamp", recorded.occurredAt().toString());
    body.put("data", data);
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  private void start(Webhooks.Delivery delivery) {
    asSystem.run(
        () ->
            runtimeService.startProcessInstanceByKey(
                WebhookDeliveryProcess.PROCESS_KEY,
                "delivery-" + delivery.id(),
                Variables.createVariables()
                    .putValue(WebhookDeliveryProcess.DELIVERY_ID, delivery.id())
                    .putValue(WebhookDeliveryProcess.WEBHOOK_ID, delivery.webhookId())
                    .putValue(WebhookDeliveryProcess.CLAIM_ID, delivery.claimId())
                    .putValue(WebhookDeliveryProcess.EVENT_TYPE, delivery.eventType())));
  }

  /**
   * Sends the delivery once (the delivery job). A failed attempt is recorded in a transaction of
   * its own (the job's rolls back) and thrown, so that the job is retried.
   */
  void deliver(long deliveryId) {
    Optional<Webhooks.Delivery> found = webhooks.delivery(deliveryId);
    if (found.isEmpty() || found.get().status() == Webhooks.DeliveryStatus.DELIVERED) {
      return; // the webhook was deleted, or this job ran before
    }
    Webhooks.Delivery delivery = found.get();
    Optional<Webhooks.Webhook> webhook = webhooks.find(delivery.webhookId());
    if (webhook.isEmpty()) {
      return;
    }
    String url = webhook.get().url();
    Optional<String> refused = urls.refused(url);
    if (refused.isPresent()) {
      throw failed(delivery, null, "The URL is refused: " + refused.get());
    }
    // The receiver compares it with its own clock: real time, not the engine's.
    long timestamp = Instant.now().getEpochSecond();
    Map<String, String> headers =
        Map.of(
            "webhook-id", delivery.eventId(),
            "webhook-timestamp", String.valueOf(timestamp),
            "webhook-signature",
                WebhookSignatures.sign(
                    webhook.get().secret(), delivery.eventId(), timestamp, delivery.payload()));
    int status;
    try {
      status = sender.post(url, headers, delivery.payload());
    } catch (IOException unreachable) {
      throw failed(delivery, null, "The receiver cannot be reached: " + unreachable);
    }
    if (status < 200 || status > 299) {
      throw failed(delivery, status, "The receiver answered HTTP " + status);
    }
    Instant now = EngineClock.now();
    webhooks.attempted(deliveryId, status, null, now);
    webhooks.delivered(deliveryId, now);
    next(delivery);
  }

  /** The retries are used up (an incident is raised): FAILED, and the claim's next one goes. */
  void failedForGood(long deliveryId) {
    webhooks
        .delivery(deliveryId)
        .filter(delivery -> delivery.status() != Webhooks.DeliveryStatus.DELIVERED)
        .ifPresent(
            delivery -> {
              webhooks.setStatus(deliveryId, Webhooks.DeliveryStatus.FAILED);
              log.warn(
                  "Webhook delivery {} of {} to {} FAILED after {} attempts",
                  deliveryId,
                  delivery.eventId(),
                  delivery.webhookId(),
                  delivery.attempts());
              next(delivery);
            });
  }

  private void next(Webhooks.Delivery done) {
    webhooks.releaseNext(done.webhookId(), done.claimId()).ifPresent(this::start);
  }

  private DeliveryFailed failed(Webhooks.Delivery delivery, Integer status, String error) {
    Instant now = EngineClock.now();
    separately.executeWithoutResult(
        transaction -> webhooks.attempted(delivery.id(), status, error, now));
    return new DeliveryFailed(
        "Webhook delivery " + delivery.id() + " (" + delivery.eventId() + "): " + error);
  }

  /** One attempt failed: the job is retried. */
  static class DeliveryFailed extends RuntimeException {
    DeliveryFailed(String message) {
      super(message);
    }
  }
}
