package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.OPT_OUT_DEADLINE;

import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.notification.ClaimMailer;
import org.cpor.claims.optout.OptOutLinks;
import org.springframework.stereotype.Component;

/**
 * Emails the customer contact about the association and starts the opt-out window: the deadline is
 * five business days after this notification. The claim is APPROVED from here on.
 */
@Component("notifyCustomer")
class NotifyCustomerDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final Deadlines deadlines;
  private final ClaimMailer mailer;
  private final OptOutLinks optOutLinks;

  NotifyCustomerDelegate(
      ClaimRepository claims,
      ClaimHistory history,
      Deadlines deadlines,
      ClaimMailer mailer,
      OptOutLinks optOutLinks) {
    this.claims = claims;
    this.history = history;
    this.deadlines = deadlines;
    this.mailer = mailer;
    this.optOutLinks = optOutLinks;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Claim claim = claims.get(execution.getProcessBusinessKey());
    Date deadline = deadlines.optOutDeadline();
    execution.setVariable(OPT_OUT_DEADLINE, deadline);
    claims.approve(claim.id(), deadline.toInstant(), EngineClock.now());
    mailer.customerNotified(
        claim, deadline.toInstant(), optOutLinks.linkFor(claim.id(), deadline.toInstant()));
    history.record(
        claim.id(),
        ClaimHistory.SYSTEM,
        ClaimEventType.CUSTOMER_NOTIFIED,
        "Customer notified; the customer may opt out until "
            + deadlines.lastMomentToAct(deadline.toInstant()));
  }
}
