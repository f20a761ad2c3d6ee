package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.SUPERSEDED_ASSOCIATION_ID;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.notification.ClaimMailer;
import org.springframework.stereotype.Component;

/**
 * Tells one superseded partner that another partner's claim took over a workload (one job per
 * partner).
 */
@Component("emailSupersededPartner")
class EmailSupersededPartnerDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final AssociationRegister associations;
  private final ClaimMailer mailer;

  EmailSupersededPartnerDelegate(
      ClaimRepository claims, AssociationRegister associations, ClaimMailer mailer) {
    this.claims = claims;
    this.associations = associations;
    this.mailer = mailer;
  }

  @Override
  public void execute(DelegateExecution execution) {
    long id = ((Number) execution.getVariable(SUPERSEDED_ASSOCIATION_ID)).longValue();
    Association association = associations.find(id).orElseThrow();
    mailer.superseded(claims.get(association.claimId()), association);
  }
}
