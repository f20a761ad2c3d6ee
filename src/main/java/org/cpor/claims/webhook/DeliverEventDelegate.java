package org.cpor.claims.webhook;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Deliver event": one attempt to send a delivery to its webhook. Asynchronous with a retry cycle
 * ({@link #getRetryCycle()}, from {@code cpor.webhooks.retry-cycle}). Public only because the
 * model's expression reads that property by reflection.
 */
@Component("deliverWebhookEvent")
public class DeliverEventDelegate implements JavaDelegate {

  private final WebhookDeliveries deliveries;
  private final String retryCycle;

  DeliverEventDelegate(WebhookDeliveries deliveries, WebhookProperties properties) {
    this.deliveries = deliveries;
    this.retryCycle = properties.retryCycle();
  }

  @Override
  public void execute(DelegateExecution execution) {
    Number deliveryId = (Number) execution.getVariable(WebhookDeliveryProcess.DELIVERY_ID);
    deliveries.deliver(deliveryId.longValue());
  }

  /** The model's camunda:failedJobRetryTimeCycle: {@code ${deliverWebhookEvent.retryCycle}}. */
  public String getRetryCycle() {
    return retryCycle;
  }
}
