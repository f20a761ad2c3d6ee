package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTE_DEADLINE;
import static org.cpor.claims.process.ClaimProcess.Variables.REJECTION_DETAIL;

import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.notification.ClaimMailer;
import org.springframework.stereotype.Component;

/**
 * Tells the partner that the claim is rejected, why, and whether and until when it may be disputed.
 */
@Component("emailRejection")
class EmailRejectionDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimMailer mailer;

  EmailRejectionDelegate(ClaimRepository claims, ClaimMailer mailer) {
    this.claims = claims;
    this.mailer = mailer;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Claim claim = claims.get(execution.getProcessBusinessKey());
    Object disputeDeadline = execution.getVariable(DISPUTE_DEADLINE);
    // A claim still running on a model of a release before disputes ends after this mail: it has
    // no wait for a dispute, so the mail must not offer one (the partner would be answered 410).
    boolean modelWaitsForDisputes =
        ClaimProcess.modelHas(execution, ClaimProcess.Elements.GATEWAY_AWAIT_DISPUTE);
    mailer.rejected(
        claim,
        claim.rejectionReason(),
        (String) execution.getVariable(REJECTION_DETAIL),
        modelWaitsForDisputes
                && disputeDeadline instanceof Date date
                && claim.rejectionReason().isDisputable()
            ? date.toInstant()
            : null);
  }
}
