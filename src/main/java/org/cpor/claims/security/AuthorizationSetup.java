package org.cpor.claims.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.cpor.claims.process.ClaimProcess;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The roles' authorizations (engine authorization is on). Partners may start claims and, per instance
 * granted at the start, read their own; validators work their tasks in Tasklist; analysts read
 * everything in Cockpit and change nothing. Only {@code camunda-admin} may deploy.
 */
@Component
public class AuthorizationSetup {

  private final AuthorizationService authorizations;

  public AuthorizationSetup(AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  @EventListener
  @Order(0)
  public void grantRoles(ApplicationReadyEvent event) {
    grant(Roles.PARTNERS, Resources.PROCESS_DEFINITION, ClaimProcess.PROCESS_KEY,
        Permissions.READ, ProcessDefinitionPermissions.CREATE_INSTANCE);
    grant(Roles.PARTNERS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);

    grant(Roles.VALIDATORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(Roles.VALIDATORS, Resources.PROCESS_DEFINITION, ClaimProcess.PROCESS_KEY, Permissions.READ);

    grant(Roles.ANALYSTS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(Roles.ANALYSTS, Resources.PROCESS_DEFINITION, Authorization.ANY, Permissions.READ,
        ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_TASK);
    grant(Roles.ANALYSTS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.READ);
    grant(Roles.ANALYSTS, Resources.TASK, Authorization.ANY, Permissions.READ);
    grant(Roles.ANALYSTS, Resources.DEPLOYMENT, Authorization.ANY, Permissions.READ);
  }

  /** Grants once; a restart finds the grant and leaves it (and any change an admin made) alone. */
  public void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
    boolean granted = authorizations.createAuthorizationQuery()
        .authorizationType(Authorization.AUTH_TYPE_GRANT)
        .groupIdIn(groupId)
        .resourceType(resource)
        .resourceId(resourceId)
        .count() > 0;
    if (granted) {
      return;
    }
    Authorization authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    authorization.setGroupId(groupId);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }
}
