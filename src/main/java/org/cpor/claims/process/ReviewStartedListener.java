package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.DECISION;
import static org.cpor.claims.process.ClaimProcess.Variables.DECISION_COMMENT;
import static org.cpor.claims.process.ClaimProcess.Variables.INFORMATION_REASON;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.springframework.stereotype.Component;

/**
 * A validator's review task was created: the claim is under review, with the review SLA as due
 * date.
 */
@Component("reviewStarted")
class ReviewStartedListener implements TaskListener {

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final Deadlines deadlines;

  ReviewStartedListener(ClaimRepository claims, ClaimHistory history, Deadlines deadlines) {
    this.claims = claims;
    this.history = history;
    this.deadlines = deadlines;
  }

  @Override
  public void notify(DelegateTask task) {
    String claimId = task.getExecution().getProcessBusinessKey();
    // A claim comes back for review after the partner's answer: the previous round's decision must
    // not be pre-filled in the form.
    task.getExecution().removeVariables(List.of(DECISION, INFORMATION_REASON, DECISION_COMMENT));
    // The validator's form shows the claim as the claim table holds it now (after corrections and
    // new proofs), as task-local variables that end with the task and stay out of the history
    // (ReviewFormVariables). The findings may name competing partners: only validators read task
    // variables.
    Claim claim = claims.get(claimId);
    ReviewTasks.label(task, claim, deadlines, ReviewFormVariables.of(claim));
    claims.startReview(claimId, task.getDueDate().toInstant(), EngineClock.now());
    history.record(
        claimId,
        ClaimHistory.SYSTEM,
        ClaimEventType.REVIEW_STARTED,
        "Waiting for a validator; review due " + task.getDueDate().toInstant());
  }
}
