package org.cpor.claims.webhook;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.cpor.claims.claim.ClaimProblems.FieldError;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Partners register HTTPS endpoints that receive the status changes of their own claims, signed
 * (Standard Webhooks). docs/webhooks.md describes events, payload, headers and retries.
 */
@RestController
@RequestMapping("/api/webhooks")
@Tag(name = "Webhooks", description = "Status changes of your claims, pushed to your endpoints")
class WebhooksController {

  static final int MAX_DELIVERIES = 100;
  private static final String PROBLEM = "application/problem+json";

  private final PartnerWebhooks partnerWebhooks;

  WebhooksController(PartnerWebhooks partnerWebhooks) {
    this.partnerWebhooks = partnerWebhooks;
  }

  /** A registration: where to send, and which events. */
  record Registration(
      @Schema(
              description =
                  "an https URL that does not resolve to a loopback, private or link-local address",
              example = "https://crm.partner.example.com/cpor/events",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String url,
      @ArraySchema(
              arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED),
              schema =
                  @Schema(
                      allowableValues = {
                        "claim.submitted",
                        "claim.under_review",
                        "claim.information_requested",
                        "claim.approved",
                        "claim.official",
                        "claim.rejected",
                        "claim.withdrawn",
                        "claim.superseded",
                        "claim.disputed",
                        "claim.dispute_overturned",
                        "claim.dispute_upheld"
                      }))
          List<String> events) {}

  /** A webhook as its partner sees it; the secret only when it is created or rotated. */
  record WebhookView(
      String id,
      String url,
      List<String> events,
      Instant createdAt,
      @Schema(description = "whsec_<base64 key>: shown only when created or rotated")
          String secret) {

    static WebhookView of(Webhooks.Webhook webhook, boolean withSecret) {
      return new WebhookView(
          webhook.id(),
          webhook.url(),
          webhook.events(),
          webhook.createdAt(),
          withSecret ? webhook.secret() : null);
    }
  }

  /** One event sent (or being sent) to the webhook. */
  record DeliveryView(
      long id,
      @Schema(description = "the event's ID, the webhook-id header: the same on every attempt")
          String eventId,
      String type,
      String claimId,
      @Schema(allowableValues = {"QUEUED", "PENDING", "DELIVERED", "FAILED"}) String status,
      int attempts,
      Integer lastStatusCode,
      String lastError,
      Instant createdAt,
      Instant lastAttemptAt,
      Instant deliveredAt) {

    static DeliveryView of(Webhooks.Delivery delivery) {
      return new DeliveryView(
          delivery.id(),
          delivery.eventId(),
          delivery.eventType(),
          delivery.claimId(),
          delivery.status().name(),
          delivery.attempts(),
          delivery.lastStatusCode(),
          delivery.lastError(),
          delivery.createdAt(),
          delivery.lastAttemptAt(),
          delivery.deliveredAt());
    }
  }

  @Operation(
      operationId = "registerWebhook",
      summary = "Register a webhook",
      description =
          "Every status change of your claims of the listed types is POSTed to the URL, signed with"
              + " the secret in the answer (Standard Webhooks: webhook-id, webhook-timestamp,"
              + " webhook-signature). Keep the secret: it is not shown again.")
  @ApiResponses({
    @ApiResponse(responseCode = "201", description = "registered; the answer holds the secret"),
    @ApiResponse(
        responseCode = "400",
        description = "url missing or not a URL, events missing or unknown",
        content = @Content(mediaType = PROBLEM)),
    @ApiResponse(
        responseCode = "422",
        description =
            "the URL is not https or resolves to a loopback, private or link-local address, or the"
                + " partner holds the most webhooks it may",
        content = @Content(mediaType = PROBLEM))
  })
  @PostMapping
  ResponseEntity<WebhookView> register(@RequestBody Registration registration) {
    Webhooks.Webhook webhook = partnerWebhooks.register(registration.url(), registration.events());
    return ResponseEntity.created(URI.create("/api/webhooks/" + webhook.id()))
        .body(WebhookView.of(webhook, true));
  }

  @Operation(operationId = "listWebhooks", summary = "Your webhooks (without their secrets)")
  @ApiResponse(responseCode = "200", description = "your webhooks, oldest first")
  @GetMapping
  List<WebhookView> list() {
    return partnerWebhooks.list().stream().map(webhook -> WebhookView.of(webhook, false)).toList();
  }

  @Operation(operationId = "getWebhook", summary = "One of your webhooks (without its secret)")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the webhook"),
    @ApiResponse(
        responseCode = "404",
        description = "no such webhook, or another partner's",
        content = @Content(mediaType = PROBLEM))
  })
  @GetMapping("/{id}")
  WebhookView get(@PathVariable String id) {
    return WebhookView.of(partnerWebhooks.get(id), false);
  }

  @Operation(
      operationId = "deleteWebhook",
      summary = "Delete a webhook: nothing more is sent to it, its deliveries are dropped")
  @ApiResponses({
    @ApiResponse(responseCode = "204", description = "deleted"),
    @ApiResponse(
        responseCode = "404",
        description = "no such webhook, or another partner's",
        content = @Content(mediaType = PROBLEM))
  })
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable String id) {
    partnerWebhooks.delete(id);
    return ResponseEntity.noContent().build();
  }

  @Operation(
      operationId = "rotateWebhookSecret",
      summary = "Rotate the webhook's secret",
      description =
          "Deliveries sent from now on, retries included, are signed with the new secret.")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the webhook with its new secret"),
    @ApiResponse(
        responseCode = "404",
        description = "no such webhook, or another partner's",
        content = @Content(mediaType = PROBLEM))
  })
  @PostMapping("/{id}/secret")
  WebhookView rotateSecret(@PathVariable String id) {
    return WebhookView.of(partnerWebhooks.rotateSecret(id), true);
  }

  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "The webhook's deliveries, newest first",
      description =
          "FAILED: every retry failed (an incident for the operators); QUEUED: waits for an earlier"
              + " delivery of the same claim.")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the deliveries"),
    @ApiResponse(
        responseCode = "400",
        description = "size out of range",
        content = @Content(mediaType = PROBLEM)),
    @ApiResponse(
        responseCode = "404",
        description = "no such webhook, or another partner's",
        content = @Content(mediaType = PROBLEM))
  })
  @GetMapping("/{id}/deliveries")
  List<DeliveryView> deliveries(
      @PathVariable String id,
      @Parameter(description = "at most this many, 1 to " + MAX_DELIVERIES)
          @RequestParam(defaultValue = "50")
          String size) {
    int limit;
    try {
      limit = Integer.parseInt(size);
    } catch (NumberFormatException notANumber) {
      limit = 0;
    }
    if (limit < 1 || limit > MAX_DELIVERIES) {
      throw new WebhookProblem(
          org.springframework.http.HttpStatus.BAD_REQUEST,
          List.of(new FieldError("size", "must be a whole number from 1 to " + MAX_DELIVERIES)));
    }
    return partnerWebhooks.deliveries(id, limit).stream().map(DeliveryView::of).toList();
  }

  @ExceptionHandler(WebhookProblem.class)
  ProblemDetail problem(WebhookProblem problem) {
    ProblemDetail detail =
        ProblemDetail.forStatusAndDetail(
            problem.status(),
            problem.errors().stream()
                .map(
                    error ->
                        error.field() == null ? error.rule() : error.field() + ": " + error.rule())
                .collect(Collectors.joining("; ")));
    detail.setTitle("Invalid webhook");
    detail.setProperty("errors", problem.errors());
    return detail;
  }
}
