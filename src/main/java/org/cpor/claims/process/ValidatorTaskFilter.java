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
 * The Tasklist filter "Claims to validate": the review tasks of the groups the logged-in user is
 * in, oldest due first, with the claim's key facts on each card. Validators may read it.
 */
@Component
public class ValidatorTaskFilter {

  public static final String NAME = "Claims to validate";

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
  public void createIfMissing(ApplicationReadyEvent event) {
    Filter existing = filterService.createFilterQuery().filterName(NAME).singleResult();
    String filterId = existing != null ? existing.getId() : create();
    authorizations.grant(Roles.VALIDATORS, Resources.FILTER, filterId, Permissions.READ);
  }

  private String create() {
    TaskQuery query =
        taskService
            .createTaskQuery()
            .processDefinitionKey(ClaimProcess.PROCESS_KEY)
            .taskDefinitionKey(ClaimProcess.Elements.TASK_VALIDATE_CLAIM)
            .taskCandidateGroupInExpression("${currentUserGroups()}")
            .includeAssignedTasks()
            .orderByDueDate()
            .asc();
    Filter filter =
        filterService
            .newTaskFilter(NAME)
            .setQuery(query)
            .setProperties(
                Map.of(
                    "description",
                    "CPOR claims waiting for a validator's decision",
                    "priority",
                    -10,
                    "color",
                    "#1a73e8",
                    "refresh",
                    true,
                    "variables",
                    List.of(
                        variable(ClaimProcess.Variables.CLAIM_ID, "Claim"),
                        variable(ClaimProcess.Variables.PARTNER_ID, "Partner ID"),
                        variable(ClaimProcess.Variables.CUSTOMER_DOMAIN, "Customer domain"),
                        variable(ClaimProcess.Variables.WORKLOADS, "Workloads"))));
    return filterService.saveFilter(filter).getId();
  }

  private static Map<String, String> variable(String name, String label) {
    return Map.of("name", name, "label", label);
  }
}
