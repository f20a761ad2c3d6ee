package org.cpor.claims.process;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/** Who did it: the user the engine knows (Tasklist, authenticated REST), or what the caller says. */
@Component
public class Actors {

  private final IdentityService identityService;

  public Actors(IdentityService identityService) {
    this.identityService = identityService;
  }

  public String currentOr(String fallback) {
    Authentication authentication = identityService.getCurrentAuthentication();
    return authentication != null && authentication.getUserId() != null ? authentication.getUserId() : fallback;
  }
}
