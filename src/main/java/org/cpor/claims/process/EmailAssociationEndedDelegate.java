package org.cpor.claims.process;

import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.notification.ClaimMailer;
import org.springframework.stereotype.Component;

/** Tells the partner that associations of its claim ended: who ended them, when and why. */
@Component("emailAssociationEnded")
class EmailAssociationEndedDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final AssociationRegister associations;
  private final ClaimMailer mailer;

  EmailAssociationEndedDelegate(
      ClaimRepository claims, AssociationRegister associations, ClaimMailer mailer) {
    this.claims = claims;
    this.associations = associations;
    this.mailer = mailer;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String ids = (String) execution.getVariable(AssociationEndProcesses.Variables.ASSOCIATION_IDS);
    List<Association> ended =
        Arrays.stream(ids.split(","))
            .map(id -> associations.find(Long.parseLong(id.trim())).orElseThrow())
            .toList();
    mailer.associationEnded(claims.get(execution.getProcessBusinessKey()), ended);
  }
}
