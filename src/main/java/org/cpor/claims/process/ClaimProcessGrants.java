package org.cpor.claims.process;

import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.cpor.claims.security.AuthorizationSetup;
import org.cpor.claims.security.Roles;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * What each role may do with the claim process itself; the roles' other grants are {@link
 * AuthorizationSetup}'s.
 */
@Component
class ClaimProcessGrants {

  private final AuthorizationSetup authorizations;

  ClaimProcessGrants(AuthorizationSetup authorizations) {
    this.authorizations = authorizations;
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
    // The form reads the task's variables (READ_TASK_VARIABLE; new tasks also grant it per task),
    // the task cards the claim's process variables (READ_INSTANCE_VARIABLE).
    for (String validators : new String[] {Roles.VALIDATORS, Roles.VALIDATOR_LEADS}) {
      authorizations.grant(
          validators,
          Resources.PROCESS_DEFINITION,
          ClaimProcess.PROCESS_KEY,
          Permissions.READ,
          ProcessDefinitionPermissions.READ_TASK_VARIABLE,
          ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE);
    }
  }
}
