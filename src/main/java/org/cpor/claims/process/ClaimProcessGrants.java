package org.cpor.claims.process;

import java.util.List;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.cpor.claims.security.AuthorizationSetup;
import org.cpor.claims.security.Roles;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What each role may do with the claim process itself; the roles' other grants are {@link
 * AuthorizationSetup}'s. The reviewers' groups may read and work every task of the process through
 * one grant on its definition, not one per task ({@link ReviewTasksWithoutTaskGrants}).
 */
@Component
class ClaimProcessGrants {

  /** The candidate groups of the claim's user tasks. */
  static final List<String> REVIEWERS = List.of(Roles.VALIDATORS, Roles.VALIDATOR_LEADS);

  private final AuthorizationSetup authorizations;
  private final JdbcClient jdbc;

  ClaimProcessGrants(AuthorizationSetup authorizations, JdbcClient jdbc) {
    this.authorizations = authorizations;
    this.jdbc = jdbc;
  }

  @EventListener
  @Order(0)
  public void grantRoles(ApplicationReadyEvent event) {
    authorizations.grant(
        Roles.PARTNERS,
        Resources.PROCESS_DEFINITION,
        ClaimProcess.PROCESS_KEY,
        Permissions.READ,
        ProcessDefinitionPermissions.CREATE_INSTANCE);
    // What Camunda granted per task to each candidate group (read, update, read its variables),
    // once for all tasks of the process; the form reads the task's variables, the task cards the
    // claim's process variables (READ_INSTANCE_VARIABLE).
    for (String reviewers : REVIEWERS) {
      authorizations.grant(
          reviewers,
          Resources.PROCESS_DEFINITION,
          ClaimProcess.PROCESS_KEY,
          Permissions.READ,
          ProcessDefinitionPermissions.READ_TASK,
          ProcessDefinitionPermissions.UPDATE_TASK,
          ProcessDefinitionPermissions.READ_TASK_VARIABLE,
          ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE);
    }
    removeTaskGrantsOfReviewers();
  }

  /**
   * Review tasks created by an earlier release carry a grant per task for each reviewers' group;
   * the grant on the definition covers them now, so they go (in one statement; nothing to do on
   * later starts).
   */
  int removeTaskGrantsOfReviewers() {
    return jdbc.sql(
            """
            delete from act_ru_authorization
            where resource_type_ = :task and type_ = :grant and group_id_ in (:groups)
              and resource_id_ in (
                select t.id_ from act_ru_task t
                join act_re_procdef d on d.id_ = t.proc_def_id_
                where d.key_ = :key)""")
        .param("task", Resources.TASK.resourceType())
        .param("grant", Authorization.AUTH_TYPE_GRANT)
        .param("groups", REVIEWERS)
        .param("key", ClaimProcess.PROCESS_KEY)
        .update();
  }
}
