package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.DECISION_COMMENT;
import static org.cpor.claims.process.ClaimProcess.Variables.INFORMATION_DEADLINE;
import static org.cpor.claims.process.ClaimProcess.Variables.INFORMATION_REASON;

import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.InformationReason;
import org.cpor.claims.notification.ClaimMailer;
import org.springframework.stereotype.Component;

/**
 * Emails the partner what the validator needs and starts the five business days to answer. The
 * claim's status turns to PARTNER_ACTION_REQUIRED in the same transaction that reaches the wait for
 * the answer, so an answer can be correlated as soon as the partner sees that status.
 */
@Component("requestInformation")
class RequestInformationDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final Deadlines deadlines;
  private final ClaimMailer mailer;
  private final ClaimHistory history;

  RequestInformationDelegate(
      ClaimRepository claims, Deadlines deadlines, ClaimMailer mailer, ClaimHistory history) {
    this.claims = claims;
    this.deadlines = deadlines;
    this.mailer = mailer;
    this.history = history;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Claim claim = claims.get(execution.getProcessBusinessKey());
    Date deadline = deadlines.partnerAnswerDue();
    execution.setVariable(INFORMATION_DEADLINE, deadline);
    claims.requireInformation(claim.id(), deadline.toInstant(), EngineClock.now());
    int round =
        (int)
            history.of(claim.id()).stream()
                .filter(event -> event.type() == ClaimEventType.INFORMATION_REQUESTED)
                .count();
    mailer.informationRequested(
        claim,
        round,
        InformationReason.valueOf((String) execution.getVariable(INFORMATION_REASON)),
        (String) execution.getVariable(DECISION_COMMENT),
        deadline.toInstant());
  }
}
