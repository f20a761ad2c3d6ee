package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimDisputes;
import org.springframework.stereotype.Component;

/**
 * What the validator's form shows of a claim: task-local variables of the review task, copied from
 * the claim table when the review starts. They are a view, not a record — the claim table is the
 * record — so the engine writes no history for them: a claim costs its rows once, in the claim
 * table, not three times over (runtime, history instance, history detail).
 */
@Component
class ReviewFormVariables extends AbstractProcessEnginePlugin {

  /** The task-local variables of the review task that are a view of the claim table. */
  static final Set<String> NAMES =
      Stream.concat(
              CLAIM_FIELDS.stream(),
              Stream.of(
                  CLAIM_ID,
                  PARTNER_NAME,
                  CHECK_FINDINGS,
                  REVIEW_DUE,
                  DISPUTE_REASON,
                  DISPUTE_PROOF_OF_EXECUTION,
                  DISPUTE_SUBMITTED_AT,
                  REJECTION_REASON_TEXT,
                  REJECTED_BY,
                  REJECTED_AT))
          .collect(Collectors.toUnmodifiableSet());

  /** The form's variables for the claim as it stands. */
  static Map<String, Object> of(Claim claim) {
    Map<String, Object> form = new HashMap<>();
    form.put(CLAIM_ID, claim.id());
    form.put(PARTNER_ID, claim.partnerId());
    form.put(PARTNER_NAME, claim.partnerName());
    form.put(CLAIM_NAME, claim.content().claimName());
    form.put(CUSTOMER_DOMAIN, claim.content().customerDomain());
    form.put(CUSTOMER_TENANT_ID, claim.content().customerTenantId());
    form.put(SOLUTION_AREA, claim.content().solutionArea());
    form.put(ACTIVITY, claim.content().activity());
    form.put(WORKLOADS, claim.content().workloadList());
    form.put(SUBSCRIPTION_ID, claim.content().subscriptionId());
    form.put(CUSTOMER_CONTACT_NAME, claim.content().customerContactName());
    form.put(CUSTOMER_CONTACT_TITLE, claim.content().customerContactTitle());
    form.put(CUSTOMER_CONTACT_EMAIL, claim.content().customerContactEmail());
    form.put(CUSTOMER_TECHNICAL_CONTACT_NAME, claim.content().customerTechnicalContactName());
    form.put(CUSTOMER_TECHNICAL_CONTACT_EMAIL, claim.content().customerTechnicalContactEmail());
    form.put(PARTNER_CONTACT_NAME, claim.content().partnerContactName());
    form.put(PARTNER_CONTACT_EMAIL, claim.content().partnerContactEmail());
    form.put(PROOF_OF_EXECUTION, claim.content().proofOfExecution());
    form.put(COMMENTS, claim.content().comments());
    form.put(SOLUTION_SELLER_NAME, claim.content().solutionSellerName());
    form.put(CUSTOMER_NAME, claim.content().customerName());
    form.put(ISV_PRODUCT_NAME, claim.content().isvProductName());
    form.put(CUSTOMER_LANGUAGE, claim.content().customerLanguage());
    form.put(PARTNER_LANGUAGE, claim.content().partnerLanguage());
    form.put(CHECK_FINDINGS, claim.checkFindings());
    return form;
  }

  /** The dispute review's form: the claim, the rejection it disputes and the dispute. */
  static Map<String, Object> of(Claim claim, ClaimDisputes.Dispute dispute, Deadlines deadlines) {
    Map<String, Object> form = of(claim);
    form.put(REJECTION_REASON_TEXT, dispute.rejectionReason().label());
    form.put(REJECTED_BY, dispute.rejectedBy());
    form.put(REJECTED_AT, deadlines.format(dispute.rejectedAt()));
    form.put(DISPUTE_REASON, dispute.reason());
    form.put(
        DISPUTE_PROOF_OF_EXECUTION,
        dispute.proofOfExecution() == null
            ? "(none: the claim's proof of execution above)"
            : dispute.proofOfExecution());
    form.put(DISPUTE_SUBMITTED_AT, deadlines.format(dispute.submittedAt()));
    return form;
  }

  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setHistoryEventHandler(
        new WithoutFormVariables(configuration.getHistoryEventHandler()));
  }

  /** Passes every history event on, except those of the review task's form variables. */
  static final class WithoutFormVariables implements HistoryEventHandler {

    private final HistoryEventHandler next;

    WithoutFormVariables(HistoryEventHandler next) {
      this.next = next;
    }

    @Override
    public void handleEvent(HistoryEvent event) {
      if (!isFormVariable(event)) {
        next.handleEvent(event);
      }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
      next.handleEvents(events.stream().filter(event -> !isFormVariable(event)).toList());
    }

    private static boolean isFormVariable(HistoryEvent event) {
      return event instanceof HistoricVariableUpdateEventEntity variable
          && variable.getTaskId() != null
          && NAMES.contains(variable.getVariableName());
    }
  }
}
