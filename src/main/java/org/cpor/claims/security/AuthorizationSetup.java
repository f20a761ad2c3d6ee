package org.cpor.claims.security;

import java.util.Arrays;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The roles' authorizations (engine authorization is on, and with {@code
 * enforceSpecificVariablePermission} reading a variable needs a variable permission of its own).
 * Partners may start claims and, per instance granted at the start, read their own instances but
 * none of their variables: the review task's findings may name competing partners. Validators work
 * their tasks in Tasklist and read the claims' variables; analysts read everything in Cockpit and
 * change nothing. Only {@code camunda-admin} may deploy. The grants on the claim process itself are
 * the process module's ({@code ClaimProcessGrants}).
 */
@Component
public class AuthorizationSetup {

  private final AuthorizationService authorizations;
  private final IdentityService identityService;

  public AuthorizationSetup(AuthorizationService authorizations, IdentityService identityService) {
    this.authorizations = authorizations;
    this.identityService = identityService;
  }

  @EventListener
  @Order(0)
  public void grantRoles(ApplicationReadyEvent event) {
    grant(Roles.PARTNERS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.CREATE);

    // The validators' groups exist from the first start, so that an admin only adds members.
    group(Roles.VALIDATORS, "Microsoft validators");
    group(Roles.VALIDATOR_LEADS, "Microsoft validator leads (told of overdue reviews)");
    grant(Roles.VALIDATORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(Roles.VALIDATOR_LEADS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);

    grant(Roles.ANALYSTS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    grant(
        Roles.ANALYSTS,
        Resources.PROCESS_DEFINITION,
        Authorization.ANY,
        Permissions.READ,
        ProcessDefinitionPermissions.READ_INSTANCE,
        ProcessDefinitionPermissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_TASK,
        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE,
        ProcessDefinitionPermissions.READ_HISTORY_VARIABLE,
        ProcessDefinitionPermissions.READ_TASK_VARIABLE);
    grant(Roles.ANALYSTS, Resources.PROCESS_INSTANCE, Authorization.ANY, Permissions.READ);
    grant(Roles.ANALYSTS, Resources.TASK, Authorization.ANY, Permissions.READ);
    grant(Roles.ANALYSTS, Resources.DEPLOYMENT, Authorization.ANY, Permissions.READ);
  }

  private void group(String id, String name) {
    if (identityService.createGroupQuery().groupId(id).count() == 0) {
      Group group = identityService.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identityService.saveGroup(group);
    }
  }

  /**
   * Grants the permissions, adding those missing to the group's existing grant: a database from an
   * earlier release gets the permissions this one needs (the variable permissions), and a
   * permission an admin added stays. A baseline permission an admin removed comes back at the next
   * start; to take it away for good, change this class.
   */
  public void grant(
      String groupId, Resource resource, String resourceId, Permission... permissions) {
    Authorization authorization =
        authorizations
            .createAuthorizationQuery()
            .authorizationType(Authorization.AUTH_TYPE_GRANT)
            .groupIdIn(groupId)
            .resourceType(resource)
            .resourceId(resourceId)
            .list()
            .stream()
            .findFirst()
            .orElse(null);
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      authorization.setGroupId(groupId);
      authorization.setResource(resource);
      authorization.setResourceId(resourceId);
    } else if (Arrays.stream(permissions).allMatch(authorization::isPermissionGranted)) {
      return;
    }
    for (Permission permission : permissions) {
      authorization.addPermission(permission);
    }
    authorizations.saveAuthorization(authorization);
  }
}
