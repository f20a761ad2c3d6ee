package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.*;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.CheckResult;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimWorkflow;
import org.cpor.claims.operations.ConcurrentChange;
import org.cpor.claims.security.AsSystem;
import org.springframework.stereotype.Component;

/**
 * The claim's process on Camunda: the start with the claim's variables, and the messages it waits
 * for.
 */
@Component
class EngineClaimWorkflow implements ClaimWorkflow {

  private final RuntimeService runtimeService;
  private final AsSystem asSystem;

  EngineClaimWorkflow(RuntimeService runtimeService, AsSystem asSystem) {
    this.runtimeService = runtimeService;
    this.asSystem = asSystem;
  }

  @Override
  public void start(Claim claim, CheckResult checked) {
    // The process carries the claim's ID and partner; the claim itself is handed over, not stored
    // (it is in the claim table once "Register claim" has run, in this transaction).
    Map<String, Object> variables = new HashMap<>();
    variables.put(CLAIM, Variables.objectValue(claim, true).create());
    // Transient: it lives until the start's transaction ends (the process checks within it), never
    // stored.
    variables.put(AUTOMATED_CHECKS, Variables.objectValue(checked, true).create());
    // Started as the partner user: the engine checks its right to start claims, and the history
    // names it.
    runtimeService.startProcessInstanceByKey(ClaimProcess.PROCESS_KEY, claim.id(), variables);
  }

  @Override
  public boolean partnerAnswered(String claimId, String answer, String newProofOfExecution) {
    // Transient: "Record partner's answer" runs in this transaction and writes them to the claim.
    Map<String, Object> variables = new HashMap<>();
    variables.put(PARTNER_ANSWER, Variables.stringValue(answer, true));
    if (newProofOfExecution != null) {
      variables.put(PROOF_OF_EXECUTION, Variables.stringValue(newProofOfExecution, true));
    }
    return correlate(claimId, ClaimProcess.Messages.PARTNER_INFORMATION_PROVIDED, variables);
  }

  @Override
  public boolean withdrawn(String claimId, String detail, String withdrawnBy) {
    // The withdrawal is recorded by the step that rejects the claim (RejectClaimDelegate), in the
    // same transaction: history and process cannot disagree about whether it happened. The model
    // names the reason (partner request).
    return correlate(
        claimId,
        ClaimProcess.Messages.CLAIM_WITHDRAWN,
        Map.of(REJECTION_DETAIL, detail, WITHDRAWN_BY, withdrawnBy));
  }

  @Override
  public boolean disputed(String claimId) {
    return correlate(claimId, ClaimProcess.Messages.CLAIM_DISPUTED, Map.of());
  }

  @Override
  public boolean customerOptedOut(String claimId) {
    return correlate(claimId, ClaimProcess.Messages.CUSTOMER_OPTED_OUT, Map.of());
  }

  @Override
  public void corrected(String claimId, String actor, String summary) {
    asSystem.run(
        () -> {
          ProcessInstance instance =
              runtimeService
                  .createProcessInstanceQuery()
                  .processDefinitionKey(ClaimProcess.PROCESS_KEY)
                  .processInstanceBusinessKey(claimId)
                  .active()
                  .singleResult();
          if (instance != null) {
            String previous =
                (String) runtimeService.getVariable(instance.getId(), COMMENT_HISTORY);
            runtimeService.setVariable(
                instance.getId(),
                COMMENT_HISTORY,
                CommentHistory.appended(previous, EngineClock.now(), actor, summary));
          }
        });
  }

  private boolean correlate(String claimId, String message, Map<String, Object> variables) {
    try {
      // Partners and customers hold no right to change a process instance; the caller has checked
      // the claim's owner (or the customer's signed link) and holds the claim's lock.
      asSystem.run(
          () ->
              runtimeService
                  .createMessageCorrelation(message)
                  .processInstanceBusinessKey(claimId)
                  .setVariables(variables)
                  .correlate());
      return true;
    } catch (MismatchingMessageCorrelationException notWaiting) {
      return false;
    } catch (ProcessEngineException changedMeanwhile) {
      throw ConcurrentChange.of(changedMeanwhile);
    }
  }
}
