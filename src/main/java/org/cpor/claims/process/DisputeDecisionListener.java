package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTE_COMMENT;
import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTE_DECISION;

import java.time.Instant;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimDisputes;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.security.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * Checks and records the dispute reviewer's decision. Four eyes: the validator who rejected the
 * claim may not decide its dispute; Tasklist and engine REST show the refusal, and the task stays
 * open for another validator.
 */
@Component("disputeReviewDecision")
class DisputeDecisionListener implements TaskListener {

  /** What a dispute review decides. */
  enum DisputeDecision {
    OVERTURN,
    UPHOLD
  }

  private final ClaimRepository claims;
  private final ClaimDisputes disputes;
  private final ClaimHistory history;
  private final CurrentUser currentUser;

  DisputeDecisionListener(
      ClaimRepository claims,
      ClaimDisputes disputes,
      ClaimHistory history,
      CurrentUser currentUser) {
    this.claims = claims;
    this.disputes = disputes;
    this.history = history;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    String claimId = task.getExecution().getProcessBusinessKey();
    String actor =
        currentUser.userId().orElse(task.getAssignee() != null ? task.getAssignee() : "validator");
    ClaimDisputes.Dispute dispute = disputes.of(claimId).orElseThrow();
    if (actor.equals(dispute.rejectedBy())) {
      throw new ClaimAccessDenied(
          DISPUTE_DECISION,
          "you rejected "
              + claimId
              + " yourself, so another validator must review its dispute (four eyes)");
    }
    DisputeDecision decision = decision(task.getVariable(DISPUTE_DECISION));
    String comment = comment(task.getVariable(DISPUTE_COMMENT));
    Claim claim = claims.lockAndGet(claimId);
    if (claim.status() != ClaimStatus.UNDER_REVIEW) {
      // Withdrawn while the validator decided: the decision has nothing left to decide.
      throw new OptimisticLockingException(
          claimId + " became " + claim.status() + " while its dispute was being decided");
    }
    Instant now = EngineClock.now();
    task.setVariable(DISPUTE_COMMENT, comment);
    switch (decision) {
      case OVERTURN -> {
        disputes.decide(claimId, ClaimDisputes.Outcome.OVERTURNED, actor, now, comment);
        claims.clearRejection(claimId, now);
        history.record(
            claimId,
            actor,
            ClaimEventType.DISPUTE_OVERTURNED,
            "Rejection overturned on dispute; the claim continues as approved: " + comment);
        CommentHistory.append(task, now, actor, "Dispute: rejection overturned: " + comment);
      }
      case UPHOLD -> {
        disputes.decide(claimId, ClaimDisputes.Outcome.UPHELD, actor, now, comment);
        claims.reject(claimId, claim.rejectionReason(), now);
        history.record(
            claimId,
            actor,
            ClaimEventType.DISPUTE_UPHELD,
            "Rejection upheld (" + claim.rejectionReason().label() + "), final: " + comment);
        CommentHistory.append(task, now, actor, "Dispute: rejection upheld: " + comment);
      }
    }
  }

  private static DisputeDecision decision(Object value) {
    String rule = "must be one of [OVERTURN, UPHOLD]";
    if (value == null || value.toString().isBlank()) {
      throw new ClaimInputRejected(DISPUTE_DECISION, "is required; " + rule);
    }
    for (DisputeDecision decision : DisputeDecision.values()) {
      if (decision.name().equals(value.toString().trim())) {
        return decision;
      }
    }
    throw new ClaimInputRejected(DISPUTE_DECISION, rule);
  }

  private static String comment(Object comment) {
    if (comment == null || comment.toString().isBlank()) {
      throw new ClaimInputRejected(DISPUTE_COMMENT, "is required: tell the partner why");
    }
    if (comment.toString().length() > ValidatorDecisionListener.MAX_COMMENT_LENGTH) {
      throw new ClaimInputRejected(
          DISPUTE_COMMENT,
          "must be at most " + ValidatorDecisionListener.MAX_COMMENT_LENGTH + " characters");
    }
    return comment.toString().trim();
  }
}
