package org.cpor.claims.webhook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.ClaimProblems;
import org.cpor.claims.claim.ClaimProblems.FieldError;
import org.cpor.claims.security.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The calling partner's webhooks: each partner sees and changes only its own. */
@Service
class PartnerWebhooks {

  /** Webhooks one partner may hold. */
  static final int MAX_PER_PARTNER = 10;

  private final Webhooks webhooks;
  private final WebhookUrls urls;
  private final CurrentUser currentUser;

  PartnerWebhooks(Webhooks webhooks, WebhookUrls urls, CurrentUser currentUser) {
    this.webhooks = webhooks;
    this.urls = urls;
    this.currentUser = currentUser;
  }

  @Transactional
  Webhooks.Webhook register(String url, List<String> events) {
    String partnerId = partnerId();
    List<FieldError> malformed = new ArrayList<>();
    urls.malformed(url).ifPresent(rule -> malformed.add(new FieldError("url", rule)));
    if (events == null || events.isEmpty()) {
      malformed.add(
          new FieldError("events", "must list at least one of " + WebhookEventType.names()));
    } else {
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i) == null || WebhookEventType.named(events.get(i)).isEmpty()) {
          malformed.add(
              new FieldError("events[" + i + "]", "must be one of " + WebhookEventType.names()));
        }
      }
    }
    if (!malformed.isEmpty()) {
      throw new WebhookProblem(HttpStatus.BAD_REQUEST, malformed);
    }
    Optional<String> refused = urls.refused(url.trim());
    if (refused.isPresent()) {
      throw new WebhookProblem(
          HttpStatus.UNPROCESSABLE_ENTITY, List.of(new FieldError("url", refused.get())));
    }
    if (webhooks.ofPartner(partnerId).size() >= MAX_PER_PARTNER) {
      throw new WebhookProblem(
          HttpStatus.UNPROCESSABLE_ENTITY,
          List.of(
              new FieldError(
                  null, "a partner holds at most " + MAX_PER_PARTNER + " webhooks; delete one")));
    }
    return webhooks.register(
        partnerId, url.trim(), List.copyOf(new LinkedHashSet<>(events)), EngineClock.now());
  }

  @Transactional(readOnly = true)
  List<Webhooks.Webhook> list() {
    return webhooks.ofPartner(partnerId());
  }

  @Transactional(readOnly = true)
  Webhooks.Webhook get(String webhookId) {
    return own(webhookId);
  }

  @Transactional
  void delete(String webhookId) {
    if (!webhooks.delete(partnerId(), webhookId)) {
      throw notFound(webhookId);
    }
  }

  /** A new secret; deliveries sent from now on are signed with it. */
  @Transactional
  Webhooks.Webhook rotateSecret(String webhookId) {
    Webhooks.Webhook webhook = own(webhookId);
    String secret = WebhookSignatures.newSecret();
    webhooks.changeSecret(webhook.id(), secret);
    return new Webhooks.Webhook(
        webhook.id(),
        webhook.partnerId(),
        webhook.url(),
        webhook.events(),
        secret,
        webhook.createdAt());
  }

  @Transactional(readOnly = true)
  List<Webhooks.Delivery> deliveries(String webhookId, int limit) {
    return webhooks.deliveries(own(webhookId).id(), limit);
  }

  private Webhooks.Webhook own(String webhookId) {
    return webhooks.find(partnerId(), webhookId).orElseThrow(() -> notFound(webhookId));
  }

  private static ClaimProblems.NotFound notFound(String webhookId) {
    return new ClaimProblems.NotFound("Webhook " + webhookId);
  }

  private String partnerId() {
    return currentUser.partnerId().orElseThrow(ClaimProblems.NotAPartner::new);
  }
}
