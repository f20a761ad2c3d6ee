package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.AUTOMATED_CHECKS;
import static org.cpor.claims.process.ClaimProcess.Variables.CHECKS_PASSED;
import static org.cpor.claims.process.ClaimProcess.Variables.REJECTION_DETAIL;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.variable.Variables;
import org.cpor.claims.claim.CheckResult;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimChecks;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.springframework.stereotype.Component;

/**
 * Runs the automated checks; a claim that breaks a rule or duplicates another goes to rejection.
 */
@Component("runAutomatedChecks")
class RunAutomatedChecksDelegate implements JavaDelegate {

  private final ClaimRepository claims;
  private final ClaimChecks checks;
  private final ClaimHistory history;

  RunAutomatedChecksDelegate(ClaimRepository claims, ClaimChecks checks, ClaimHistory history) {
    this.claims = claims;
    this.checks = checks;
    this.history = history;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Claim claim = claims.get(execution.getProcessBusinessKey());
    // Only a result that the partner API computed in this transaction counts (a caller of engine
    // REST cannot send a CheckResult object); any other start is checked here.
    CheckResult result =
        execution.getVariable(AUTOMATED_CHECKS) instanceof CheckResult checked
            ? checked
            : checks.check(claim);
    // The tenant directory could not answer: asked once more before the review starts (the claim
    // keeps its "could not be verified" flag if it still cannot, and is rejected if the answer
    // breaks the rule).
    result = checks.recheckTenant(claim, result);
    if (result.violations().isEmpty()) {
      // Workloads in the catalogue's spelling ("teams" becomes "Teams"), written only when that
      // changes them.
      if (!result.workloads().equals(claim.content().workloads())) {
        claims.replaceWorkloads(claim.id(), result.workloads());
      }
    }
    execution.setVariable(CHECKS_PASSED, result.passed());
    // The findings may name competing partners: they stay in the claim table, out of the partner's
    // reach, and reach the validator's form as a task-local variable.
    claims.setCheckFindings(claim.id(), result.summary());
    if (!result.passed()) {
      // The model's "Checks failed" names the reason from this result (transient: read in this
      // transaction, never stored).
      execution.setVariable(AUTOMATED_CHECKS, Variables.objectValue(result, true).create());
      execution.setVariable(REJECTION_DETAIL, result.partnerSummary());
    }
    ClaimEventType type =
        result.passed() && result.flags().isEmpty()
            ? ClaimEventType.CHECKS_PASSED
            : ClaimEventType.CHECKS_FLAGGED;
    history.record(claim.id(), ClaimHistory.SYSTEM, type, result.summary());
  }
}
