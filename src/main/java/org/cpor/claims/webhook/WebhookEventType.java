package org.cpor.claims.webhook;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimStatus;

/**
 * The status changes of a claim that a partner's webhook can receive, each from one entry type of
 * the claim's history, with the status the partner sees after it (null: the claim's status as
 * stored at that moment).
 */
enum WebhookEventType {
  SUBMITTED("claim.submitted", ClaimEventType.SUBMITTED, ClaimStatus.SUBMITTED),
  UNDER_REVIEW("claim.under_review", ClaimEventType.REVIEW_STARTED, ClaimStatus.UNDER_REVIEW),
  INFORMATION_REQUESTED(
      "claim.information_requested",
      ClaimEventType.INFORMATION_REQUESTED,
      ClaimStatus.PARTNER_ACTION_REQUIRED),
  APPROVED("claim.approved", ClaimEventType.APPROVED_BY_VALIDATOR, ClaimStatus.APPROVED),
  OFFICIAL("claim.official", ClaimEventType.OFFICIAL, ClaimStatus.OFFICIAL),
  REJECTED("claim.rejected", ClaimEventType.REJECTED, ClaimStatus.REJECTED),
  WITHDRAWN("claim.withdrawn", ClaimEventType.WITHDRAWN, ClaimStatus.REJECTED),
  SUPERSEDED("claim.superseded", ClaimEventType.SUPERSEDED, null),
  DISPUTED("claim.disputed", ClaimEventType.DISPUTED, ClaimStatus.UNDER_REVIEW),
  DISPUTE_OVERTURNED("claim.dispute_overturned", ClaimEventType.DISPUTE_OVERTURNED, null),
  DISPUTE_UPHELD("claim.dispute_upheld", ClaimEventType.DISPUTE_UPHELD, ClaimStatus.REJECTED);

  private final String type;
  private final ClaimEventType historyType;
  private final ClaimStatus status;

  WebhookEventType(String type, ClaimEventType historyType, ClaimStatus status) {
    this.type = type;
    this.historyType = historyType;
    this.status = status;
  }

  /** The name partners use, e.g. {@code claim.approved}. */
  @JsonValue
  String type() {
    return type;
  }

  ClaimStatus status() {
    return status;
  }

  static Optional<WebhookEventType> of(ClaimEventType historyType) {
    return Arrays.stream(values()).filter(e -> e.historyType == historyType).findFirst();
  }

  static Optional<WebhookEventType> named(String type) {
    return Arrays.stream(values()).filter(e -> e.type.equals(type)).findFirst();
  }

  static List<String> names() {
    return Arrays.stream(values()).map(WebhookEventType::type).toList();
  }
}
