package org.cpor.claims.webhook;

/** The BPMN process that carries one delivery (bpmn/cpor-webhook-delivery.bpmn): its IDs. */
final class WebhookDeliveryProcess {

  static final String PROCESS_KEY = "cpor-webhook-delivery";
  static final String TASK_DELIVER = "Task_DeliverEvent";

  /** Process variables. */
  static final String DELIVERY_ID = "deliveryId";

  static final String WEBHOOK_ID = "webhookId";
  static final String CLAIM_ID = "claimId";
  static final String EVENT_TYPE = "eventType";

  private WebhookDeliveryProcess() {}
}
