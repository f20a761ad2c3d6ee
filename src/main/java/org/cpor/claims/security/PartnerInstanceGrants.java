package org.cpor.claims.security;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/** Lets a partner organisation read its own process instance over engine REST, and nothing else. */
@Component
public class PartnerInstanceGrants {

  private final AuthorizationService authorizations;

  public PartnerInstanceGrants(AuthorizationService authorizations) {
    this.authorizations = authorizations;
  }

  /** Called inside the engine's command (from a delegate), so the grant commits with the claim. */
  public void grantRead(String processInstanceId, String partnerId) {
    Authorization grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
    grant.setGroupId(Roles.partnerGroup(partnerId));
    grant.setResource(Resources.PROCESS_INSTANCE);
    grant.setResourceId(processInstanceId);
    grant.addPermission(Permissions.READ);
    // The partner itself may not create authorizations; the application grants on its behalf.
    Context.getCommandContext()
        .runWithoutAuthorization(() -> authorizations.saveAuthorization(grant));
  }
}
