package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Elements.EVENT_WITHDRAWN_AT_PARTNER_REQUEST;
import static org.cpor.claims.process.ClaimProcess.Elements.TASK_REJECT_WITHDRAWN_CLAIM;
import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTABLE;
import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTE_DEADLINE;
import static org.cpor.claims.process.ClaimProcess.Variables.INFORMATION_DEADLINE;
import static org.cpor.claims.process.ClaimProcess.Variables.REJECTION_DETAIL;
import static org.cpor.claims.process.ClaimProcess.Variables.REJECTION_REASON;
import static org.cpor.claims.process.ClaimProcess.Variables.WITHDRAWN_BY;

import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.claim.RejectionReason;
import org.springframework.stereotype.Component;

/**
 * Rejects the claim with the reason the model named on the path that led here (the automated
 * checks, the validator's form, the partner's silence, the customer's opt-out or the partner's
 * withdrawal) and the detail its step gave.
 */
@Component("rejectClaim")
class RejectClaimDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final Deadlines deadlines;

  RejectClaimDelegate(ClaimRepository claims, ClaimHistory history, Deadlines deadlines) {
    this.claims = claims;
    this.history = history;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String claimId = execution.getProcessBusinessKey();
    ClaimStatus status = claims.lockAndGet(claimId).status();
    if (status == ClaimStatus.OFFICIAL || status == ClaimStatus.REJECTED) {
      throw new OptimisticLockingException(
          claimId + " became " + status + " while it was being rejected");
    }
    RejectionReason reason = reason(execution);
    // The automated checks, the validator and a withdrawal set the detail; the two events say it
    // here.
    String detail =
        switch (reason) {
          case NO_PARTNER_RESPONSE ->
              "No answer to the request for more information by "
                  + deadlines.lastMomentToAct(
                      ((Date) execution.getVariable(INFORMATION_DEADLINE)).toInstant())
                  + ".";
          case CUSTOMER_DECLINED -> "The customer opted out of the association.";
          default -> (String) execution.getVariable(REJECTION_DETAIL);
        };
    execution.setVariable(REJECTION_DETAIL, detail);
    Instant now = EngineClock.now();
    claims.reject(claimId, reason, now);
    // A rejection the partner did not cause waits 30 days for a dispute; the mail says until when.
    execution.setVariable(DISPUTABLE, reason.isDisputable());
    if (reason.isDisputable()) {
      execution.setVariable(DISPUTE_DEADLINE, Date.from(deadlines.disputeDeadline(now)));
    }
    Object withdrawnBy = execution.getVariable(WITHDRAWN_BY);
    if (withdrawnBy != null) {
      history.record(claimId, withdrawnBy.toString(), ClaimEventType.WITHDRAWN, detail);
    }
    history.record(
        claimId, ClaimHistory.SYSTEM, ClaimEventType.REJECTED, reason.label() + ": " + detail);
  }

  /**
   * The reason the model named. A claim still on a model before the withdrawal named its reason got
   * it from the withdrawal message, which this release no longer fills: its withdrawal is a partner
   * request.
   */
  private static RejectionReason reason(DelegateExecution execution) {
    boolean withdrawalOnOlderModel =
        TASK_REJECT_WITHDRAWN_CLAIM.equals(execution.getCurrentActivityId())
            && !ClaimProcess.modelHas(execution, EVENT_WITHDRAWN_AT_PARTNER_REQUEST);
    if (withdrawalOnOlderModel) {
      return RejectionReason.PARTNER_REQUEST;
    }
    return RejectionReason.valueOf((String) execution.getVariable(REJECTION_REASON));
  }
}
