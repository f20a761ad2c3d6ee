package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.INFORMATION_DEADLINE;

import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.notification.ClaimMailer;
import org.springframework.stereotype.Component;

/**
 * Two business days before the information deadline the partner is reminded, once per request (the
 * mail's key is the request's round).
 */
@Component("remindPartner")
class RemindPartnerDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final ClaimMailer mailer;

  RemindPartnerDelegate(ClaimRepository claims, ClaimHistory history, ClaimMailer mailer) {
    this.claims = claims;
    this.history = history;
    this.mailer = mailer;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Claim claim = claims.get(execution.getProcessBusinessKey());
    if (claim.status() != ClaimStatus.PARTNER_ACTION_REQUIRED) {
      // The partner answered (or withdrew) between the timer and this step: nothing to remind of.
      return;
    }
    int round =
        (int)
            history.of(claim.id()).stream()
                .filter(event -> event.type() == ClaimEventType.INFORMATION_REQUESTED)
                .count();
    mailer.informationReminder(
        claim, round, ((Date) execution.getVariable(INFORMATION_DEADLINE)).toInstant());
  }
}
