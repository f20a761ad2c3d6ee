package org.cpor.claims.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.notification.ClaimMailer;
import org.springframework.stereotype.Component;

/** Tells the partner that the association is official. */
@Component("emailAssociationOfficial")
class EmailAssociationOfficialDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimMailer mailer;

  EmailAssociationOfficialDelegate(ClaimRepository claims, ClaimMailer mailer) {
    this.claims = claims;
    this.mailer = mailer;
  }

  @Override
  public void execute(DelegateExecution execution) {
    mailer.associationOfficial(claims.get(execution.getProcessBusinessKey()));
  }
}
