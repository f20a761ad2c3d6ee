package org.cpor.claims.process;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Date;
import org.camunda.bpm.engine.TaskService;
import org.cpor.claims.calendar.EngineClock;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code cpor.reviews.overdue}: open reviews (claims and disputes) past their due date.
 */
@Component
class OverdueReviews {

  private final TaskService taskService;

  OverdueReviews(TaskService taskService, MeterRegistry meters) {
    this.taskService = taskService;
    Gauge.builder("cpor.reviews.overdue", this, OverdueReviews::count)
        .description("Open reviews of claims and disputes past their due date")
        .register(meters);
  }

  long count() {
    return taskService
        .createTaskQuery()
        .processDefinitionKey(ClaimProcess.PROCESS_KEY)
        .taskDefinitionKeyIn(ClaimProcess.Elements.REVIEW_TASKS.toArray(String[]::new))
        .dueBefore(Date.from(EngineClock.now()))
        .count();
  }
}
