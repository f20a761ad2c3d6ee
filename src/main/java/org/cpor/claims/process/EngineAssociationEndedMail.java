package org.cpor.claims.process;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.cpor.claims.claim.AssociationEndedMail;
import org.cpor.claims.security.AsSystem;
import org.springframework.stereotype.Component;

/** Starts {@code cpor-association-ended}, whose asynchronous step mails the partner. */
@Component
class EngineAssociationEndedMail implements AssociationEndedMail {

  private final RuntimeService runtimeService;
  private final AsSystem asSystem;

  EngineAssociationEndedMail(RuntimeService runtimeService, AsSystem asSystem) {
    this.runtimeService = runtimeService;
    this.asSystem = asSystem;
  }

  @Override
  public void schedule(String claimId, List<Long> associationIds) {
    String ids = associationIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    // Customers and partners hold no right to start this process; the caller has checked who may
    // end the association.
    asSystem.run(
        () ->
            runtimeService.startProcessInstanceByKey(
                AssociationEndProcesses.ENDED_KEY,
                claimId,
                Map.of(AssociationEndProcesses.Variables.ASSOCIATION_IDS, ids)));
  }
}
