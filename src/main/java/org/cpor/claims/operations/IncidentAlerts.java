package org.cpor.claims.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.runtime.Incident;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The alert hook: when a job has used up its retries (e.g. a mail step during an SMTP outage), the
 * incident that Cockpit shows is also logged at ERROR and counted in the metric {@code
 * cpor.incidents.raised}, so that operators notice without watching Cockpit.
 */
@Component
class IncidentAlerts extends AbstractProcessEnginePlugin {

  private static final Logger log = LoggerFactory.getLogger(IncidentAlerts.class);

  private final Counter raised;

  IncidentAlerts(MeterRegistry meters) {
    this.raised =
        Counter.builder("cpor.incidents.raised")
            .description("Incidents raised: jobs that failed after all their retries")
            .register(meters);
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setCustomIncidentHandlers(
        List.of(new AlertingIncidentHandler(Incident.FAILED_JOB_HANDLER_TYPE)));
  }

  /** Camunda's own incident handling, plus the alert. */
  class AlertingIncidentHandler extends DefaultIncidentHandler {

    AlertingIncidentHandler(String type) {
      super(type);
    }

    @Override
    public Incident handleIncident(IncidentContext context, String message) {
      Incident incident = super.handleIncident(context, message);
      raised.increment();
      log.error(
          "INCIDENT in process instance {} at {}: {} (retry it in Cockpit once the cause is fixed)",
          incident.getProcessInstanceId(),
          incident.getActivityId(),
          message);
      return incident;
    }
  }
}
