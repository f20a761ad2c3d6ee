package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.PARTNER_ANSWER;
import static org.cpor.claims.process.ClaimProcess.Variables.PROOF_OF_EXECUTION;

import java.util.Objects;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.security.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * Keeps the partner's answer (and a new proof of execution, if one came with it) for the validator.
 */
@Component("recordPartnerAnswer")
class RecordPartnerAnswerDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final CurrentUser currentUser;

  RecordPartnerAnswerDelegate(
      ClaimRepository claims, ClaimHistory history, CurrentUser currentUser) {
    this.claims = claims;
    this.history = history;
    this.currentUser = currentUser;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Claim claim = claims.get(execution.getProcessBusinessKey());
    String actor = currentUser.userId().orElse("partner " + claim.partnerId());
    String answer = RegisterClaimDelegate.text(execution, PARTNER_ANSWER);
    String text = answer == null || answer.isBlank() ? "(no text)" : answer.trim();

    String proof = RegisterClaimDelegate.text(execution, PROOF_OF_EXECUTION);
    if (proof != null
        && !proof.isBlank()
        && !Objects.equals(proof, claim.content().proofOfExecution())) {
      if (proof.length() > RegisterClaimDelegate.MAX_LENGTHS.get(PROOF_OF_EXECUTION)) {
        throw new ClaimInputRejected(
            PROOF_OF_EXECUTION,
            "must be at most "
                + RegisterClaimDelegate.MAX_LENGTHS.get(PROOF_OF_EXECUTION)
                + " characters");
      }
      claims.replaceProofOfExecution(claim.id(), proof);
      text = text + " (new proof of execution: " + proof + ")";
    }
    history.record(claim.id(), actor, ClaimEventType.PARTNER_ANSWERED, text);
    CommentHistory.append(execution, EngineClock.now(), actor, text);
  }
}
