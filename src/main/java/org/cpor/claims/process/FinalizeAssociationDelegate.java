package org.cpor.claims.process;

import java.util.List;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimContent;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.springframework.stereotype.Component;

/**
 * The customer stayed silent: the partner becomes partner of record for the claimed workloads of
 * this tenant. Another partner holding one of them is superseded.
 */
@Component("finalizeAssociation")
class FinalizeAssociationDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final AssociationRegister associations;

  FinalizeAssociationDelegate(
      ClaimRepository claims, ClaimHistory history, AssociationRegister associations) {
    this.claims = claims;
    this.history = history;
    this.associations = associations;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Claim claim = claims.lockAndGet(execution.getProcessBusinessKey());
    if (claim.status() != ClaimStatus.APPROVED) {
      // Withdrawn or declined while this timer fired: the engine retries the job, which then is
      // gone.
      throw new OptimisticLockingException(
          claim.id() + " became " + claim.status() + " while its opt-out window closed");
    }
    var now = EngineClock.now();
    List<Association> supersededAssociations =
        associations.makeOfficial(
            claim.id(),
            claim.partnerId(),
            claim.content().customerTenantId(),
            claim.content().perSubscription()
                ? ClaimContent.subscriptionKey(claim.content().subscriptionId())
                : null,
            claim.content().subscriptionEndsOn(),
            claim.content().workloads(),
            now);
    // The next step mails each superseded partner; the list is only needed until then (not stored).
    execution.setVariable(
        ClaimProcess.Variables.SUPERSEDED_ASSOCIATION_IDS,
        Variables.untypedValue(
            supersededAssociations.stream().map(Association::id).toList(), true));
    for (Association superseded : supersededAssociations) {
      history.record(
          superseded.claimId(),
          ClaimHistory.SYSTEM,
          ClaimEventType.SUPERSEDED,
          // The superseded partner's history must not name the other partner or its claim.
          "Association for "
              + superseded.item()
              + " ended: another partner's claim became official");
    }
    claims.changeStatus(claim.id(), ClaimStatus.OFFICIAL, now);
    history.record(
        claim.id(),
        ClaimHistory.SYSTEM,
        ClaimEventType.OFFICIAL,
        "The opt-out window passed in silence: association official for "
            + claim.content().itemList());
  }
}
