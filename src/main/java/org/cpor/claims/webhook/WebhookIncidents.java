package org.cpor.claims.webhook;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * When a delivery job has used up its retries, the incident is raised as for every job (Cockpit,
 * the alert of operations.IncidentAlerts) and, in the same transaction, the delivery is listed as
 * FAILED and the claim's next delivery to that webhook is started. Wraps whichever handler is
 * registered for failed jobs, after every plugin's pre-initialisation.
 */
@Component
class WebhookIncidents extends AbstractProcessEnginePlugin {

  private final ObjectProvider<WebhookDeliveries> deliveries;

  WebhookIncidents(ObjectProvider<WebhookDeliveries> deliveries) {
    this.deliveries = deliveries;
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    IncidentHandler failedJobs = configuration.getIncidentHandler(Incident.FAILED_JOB_HANDLER_TYPE);
    configuration
        .getIncidentHandlers()
        .put(Incident.FAILED_JOB_HANDLER_TYPE, new FailedDeliveries(failedJobs));
  }

  class FailedDeliveries implements IncidentHandler {

    private final IncidentHandler delegate;

    FailedDeliveries(IncidentHandler delegate) {
      this.delegate = delegate;
    }

    @Override
    public String getIncidentHandlerType() {
      return delegate.getIncidentHandlerType();
    }

    @Override
    public Incident handleIncident(IncidentContext context, String message) {
      Incident incident = delegate.handleIncident(context, message);
      if (context.getProcessDefinitionId() != null
          && context.getProcessDefinitionId().startsWith(WebhookDeliveryProcess.PROCESS_KEY + ":")
          && context.getExecutionId() != null) {
        ExecutionEntity execution =
            Context.getCommandContext()
                .getExecutionManager()
                .findExecutionById(context.getExecutionId());
        Object deliveryId =
            execution == null ? null : execution.getVariable(WebhookDeliveryProcess.DELIVERY_ID);
        if (deliveryId instanceof Number id) {
          deliveries.getObject().failedForGood(id.longValue());
        }
      }
      return incident;
    }

    @Override
    public void resolveIncident(IncidentContext context) {
      delegate.resolveIncident(context);
    }

    @Override
    public void deleteIncident(IncidentContext context) {
      delegate.deleteIncident(context);
    }
  }
}
