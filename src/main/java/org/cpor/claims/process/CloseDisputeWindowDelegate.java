package org.cpor.claims.process;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.springframework.stereotype.Component;

/**
 * 30 days passed without a dispute: the rejection is final. Locks the claim first, so a dispute
 * arriving at the same moment either comes before (and this job finds the claim under review and
 * gives way) or after (and finds the window closed).
 */
@Component("closeDisputeWindow")
class CloseDisputeWindowDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimHistory history;

  CloseDisputeWindowDelegate(ClaimRepository claims, ClaimHistory history) {
    this.claims = claims;
    this.history = history;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Claim claim = claims.lockAndGet(execution.getProcessBusinessKey());
    if (claim.status() != ClaimStatus.REJECTED) {
      // Disputed while this timer fired: the engine retries the job, which then is gone.
      throw new OptimisticLockingException(
          claim.id() + " became " + claim.status() + " while its dispute window closed");
    }
    history.record(
        claim.id(),
        ClaimHistory.SYSTEM,
        ClaimEventType.DISPUTE_WINDOW_CLOSED,
        "No dispute within 30 days: the rejection is final");
  }
}
