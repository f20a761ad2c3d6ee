package org.cpor.claims.security;

import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Whether a user may read a task, open or done, as engine authorization decides it. Camunda answers
 * a task's single comment or attachment by id without asking (the lists of them it does check), so
 * the gate asks this first.
 */
class TaskVisibility {

  private final IdentityService identityService;
  private final TaskService taskService;
  private final HistoryService historyService;

  TaskVisibility(
      IdentityService identityService, TaskService taskService, HistoryService historyService) {
    this.identityService = identityService;
    this.taskService = taskService;
    this.historyService = historyService;
  }

  boolean canRead(String userId, List<String> groupIds, String taskId) {
    Authentication previous = identityService.getCurrentAuthentication();
    identityService.setAuthentication(userId, groupIds);
    try {
      return taskService.createTaskQuery().taskId(taskId).count() > 0
          || historyService.createHistoricTaskInstanceQuery().taskId(taskId).count() > 0;
    } finally {
      if (previous != null) {
        identityService.setAuthentication(previous);
      } else {
        identityService.clearAuthentication();
      }
    }
  }
}
