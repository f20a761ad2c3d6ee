package org.cpor.claims.process;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.cpor.claims.security.AuthorizationSetup;
import org.cpor.claims.security.Roles;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The Tasklist filters "Claims to validate" and "Disputes": the review tasks of the groups the
 * logged-in user is in, oldest due first, with the claim's key facts and due date on each card (the
 * review tasks' own variables). Validators and validator leads may read them. A filter of an
 * earlier release is brought up to date at start-up.
 */
@Component
public class ValidatorTaskFilter {

  public static final String NAME = "Claims to validate";
  public static final String DISPUTES = "Disputes";

  private final FilterService filterService;
  private final TaskService taskService;
  private final AuthorizationSetup authorizations;

  public ValidatorTaskFilter(
      FilterService filterService, TaskService taskService, AuthorizationSetup authorizations) {
    this.filterService = filterService;
    this.taskService = taskService;
    this.authorizations = authorizations;
  }

  @EventListener
  public void createOrUpdate(ApplicationReadyEvent event) {
    save(
        NAME,
        ClaimProcess.Elements.TASK_VALIDATE_CLAIM,
        "CPOR claims waiting for a validator's decision",
        -10,
        "#1a73e8");
    save(
        DISPUTES,
        ClaimProcess.Elements.TASK_REVIEW_DISPUTE,
        "Disputed rejections waiting for a validator who did not reject them",
        -9,
        "#d93025");
  }

  private void save(String name, String taskKey, String description, int priority, String color) {
    Filter existing = filterService.createFilterQuery().filterName(name).singleResult();
    Filter filter = existing != null ? existing : filterService.newTaskFilter(name);
    TaskQuery query =
        taskService
            .createTaskQuery()
            .processDefinitionKey(ClaimProcess.PROCESS_KEY)
            .taskDefinitionKey(taskKey)
            .taskCandidateGroupInExpression("${currentUserGroups()}")
            .includeAssignedTasks()
            .orderByDueDate()
            .asc();
    filter
        .setQuery(query)
        .setProperties(
            Map.of(
                "description",
                description,
                "priority",
                priority,
                "color",
                color,
                "refresh",
                true,
                "variables",
                List.of(
                    variable(ClaimProcess.Variables.CLAIM_ID, "Claim"),
                    variable(ClaimProcess.Variables.PARTNER_ID, "Partner ID"),
                    variable(ClaimProcess.Variables.CUSTOMER_DOMAIN, "Customer domain"),
                    variable(ClaimProcess.Variables.WORKLOADS, "Workloads"),
                    variable(ClaimProcess.Variables.REVIEW_DUE, "Due"))));
    String filterId = filterService.saveFilter(filter).getId();
    authorizations.grant(Roles.VALIDATORS, Resources.FILTER, filterId, Permissions.READ);
    authorizations.grant(Roles.VALIDATOR_LEADS, Resources.FILTER, filterId, Permissions.READ);
  }

  private static Map<String, String> variable(String name, String label) {
    return Map.of("name", name, "label", label);
  }
}
