package org.cpor.claims.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Open incidents in {@code /actuator/health} (component {@code incidents}) and as the gauge {@code
 * cpor.incidents.open}. The application stays UP (it accepts claims); the details say how many
 * steps wait for an operator.
 */
@Component("incidents")
class OpenIncidents implements HealthIndicator {

  private final RuntimeService runtimeService;

  OpenIncidents(RuntimeService runtimeService, MeterRegistry meters) {
    this.runtimeService = runtimeService;
    Gauge.builder("cpor.incidents.open", this, OpenIncidents::count)
        .description("Open incidents: steps that wait for an operator to retry them")
        .register(meters);
  }

  public long count() {
    return runtimeService.createIncidentQuery().count();
  }

  @Override
  public Health health() {
    long open = count();
    return Health.up()
        .withDetail("open", open)
        .withDetail(
            "action",
            open == 0 ? "none" : "retry the incidents in Cockpit once their cause is fixed")
        .build();
  }
}
