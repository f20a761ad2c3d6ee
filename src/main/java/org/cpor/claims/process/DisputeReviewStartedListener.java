package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTE_COMMENT;
import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTE_DECISION;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimDisputes;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.springframework.stereotype.Component;

/**
 * The partner disputed the rejection: the claim is under review again, by a validator, due five
 * business days later. The form shows the claim, the rejection and the dispute (task-local, kept
 * out of the history like the validation form's).
 */
@Component("disputeReviewStarted")
class DisputeReviewStartedListener implements TaskListener {

  private final ClaimRepository claims;
  private final ClaimDisputes disputes;
  private final ClaimHistory history;
  private final Deadlines deadlines;

  DisputeReviewStartedListener(
      ClaimRepository claims, ClaimDisputes disputes, ClaimHistory history, Deadlines deadlines) {
    this.claims = claims;
    this.disputes = disputes;
    this.history = history;
    this.deadlines = deadlines;
  }

  @Override
  public void notify(DelegateTask task) {
    String claimId = task.getExecution().getProcessBusinessKey();
    task.getExecution().removeVariables(List.of(DISPUTE_DECISION, DISPUTE_COMMENT));
    Claim claim = claims.get(claimId);
    ClaimDisputes.Dispute dispute =
        disputes
            .of(claimId)
            .orElseThrow(
                // An admin correlating ClaimDisputed by hand: the dispute itself was never
                // recorded.
                () ->
                    new ClaimInputRejected(
                        ClaimProcess.Messages.CLAIM_DISPUTED,
                        claimId
                            + " has no recorded dispute; partners dispute through POST /api/claims/"
                            + claimId
                            + "/dispute"));
    ReviewTasks.label(task, claim, deadlines, ReviewFormVariables.of(claim, dispute, deadlines));
    claims.startReview(claimId, task.getDueDate().toInstant(), EngineClock.now());
    history.record(
        claimId,
        ClaimHistory.SYSTEM,
        ClaimEventType.REVIEW_STARTED,
        "Dispute waiting for a validator other than "
            + dispute.rejectedBy()
            + "; review due "
            + deadlines.format(task.getDueDate().toInstant()));
  }
}
