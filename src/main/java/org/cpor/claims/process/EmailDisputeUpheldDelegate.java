package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTE_COMMENT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.notification.ClaimMailer;
import org.springframework.stereotype.Component;

/** Tells the partner that the dispute review upheld the rejection. */
@Component("emailDisputeUpheld")
class EmailDisputeUpheldDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimMailer mailer;

  EmailDisputeUpheldDelegate(ClaimRepository claims, ClaimMailer mailer) {
    this.claims = claims;
    this.mailer = mailer;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Claim claim = claims.get(execution.getProcessBusinessKey());
    mailer.disputeUpheld(
        claim, claim.rejectionReason(), (String) execution.getVariable(DISPUTE_COMMENT));
  }
}
