package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.DECISION;
import static org.cpor.claims.process.ClaimProcess.Variables.DECISION_COMMENT;
import static org.cpor.claims.process.ClaimProcess.Variables.INFORMATION_REASON;
import static org.cpor.claims.process.ClaimProcess.Variables.REJECTION_DETAIL;
import static org.cpor.claims.process.ClaimProcess.Variables.REJECTION_REASON;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.claim.Decision;
import org.cpor.claims.claim.InformationReason;
import org.cpor.claims.claim.RejectionReason;
import org.cpor.claims.security.CurrentUser;
import org.springframework.stereotype.Component;

/**
 * Checks and records the validator's decision when the review task is completed. An incomplete
 * decision is refused (the task stays open) whether it comes from Tasklist or engine REST.
 */
@Component("validatorDecision")
class ValidatorDecisionListener implements TaskListener {

  /** The reasons a validator may reject with; the others belong to the process itself. */
  static final Set<RejectionReason> VALIDATOR_REJECTION_REASONS =
      EnumSet.of(
          RejectionReason.INSUFFICIENT_PROOF_OF_EXECUTION,
          RejectionReason.MISSING_CUSTOMER_CONSENT,
          RejectionReason.MISSING_PRODUCTS,
          RejectionReason.POE_UNAVAILABLE,
          RejectionReason.PARTNER_REQUEST,
          RejectionReason.DUPLICATE);

  static final int MAX_COMMENT_LENGTH = 2000;

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final CurrentUser currentUser;

  ValidatorDecisionListener(ClaimRepository claims, ClaimHistory history, CurrentUser currentUser) {
    this.claims = claims;
    this.history = history;
    this.currentUser = currentUser;
  }

  @Override
  public void notify(DelegateTask task) {
    Decision decision =
        parse(task.getVariable(DECISION), DECISION, Decision.class, EnumSet.allOf(Decision.class));
    String claimId = task.getExecution().getProcessBusinessKey();
    ClaimStatus status = claims.lockAndGet(claimId).status();
    if (status != ClaimStatus.UNDER_REVIEW) {
      // The partner withdrew the claim while the validator decided: the decision has nothing left
      // to decide.
      throw new OptimisticLockingException(
          claimId + " became " + status + " while it was being decided");
    }
    String actor =
        currentUser.userId().orElse(task.getAssignee() != null ? task.getAssignee() : "validator");
    switch (decision) {
      case APPROVE ->
          history.record(claimId, actor, ClaimEventType.APPROVED_BY_VALIDATOR, "Validation passed");
      case REQUEST_INFORMATION -> {
        InformationReason reason =
            parse(
                task.getVariable(INFORMATION_REASON),
                INFORMATION_REASON,
                InformationReason.class,
                EnumSet.allOf(InformationReason.class));
        String comment = comment(task);
        history.record(
            claimId, actor, ClaimEventType.INFORMATION_REQUESTED, reason.label() + ": " + comment);
        CommentHistory.append(
            task,
            EngineClock.now(),
            actor,
            "More information needed (" + reason.label() + "): " + comment);
      }
      case REJECT -> {
        RejectionReason reason =
            parse(
                task.getVariable(REJECTION_REASON),
                REJECTION_REASON,
                RejectionReason.class,
                VALIDATOR_REJECTION_REASONS);
        String comment = comment(task);
        history.record(
            claimId, actor, ClaimEventType.REJECTED_BY_VALIDATOR, reason.label() + ": " + comment);
        task.setVariable(REJECTION_DETAIL, comment);
        CommentHistory.append(
            task, EngineClock.now(), actor, "Rejected (" + reason.label() + "): " + comment);
      }
    }
  }

  private static String comment(DelegateTask task) {
    Object comment = task.getVariable(DECISION_COMMENT);
    if (comment == null || comment.toString().isBlank()) {
      throw new ClaimInputRejected(
          DECISION_COMMENT, "is required when asking for information or rejecting");
    }
    if (comment.toString().length() > MAX_COMMENT_LENGTH) {
      throw new ClaimInputRejected(
          DECISION_COMMENT, "must be at most " + MAX_COMMENT_LENGTH + " characters");
    }
    return comment.toString().trim();
  }

  private static <E extends Enum<E>> E parse(
      Object value, String field, Class<E> type, Set<E> allowed) {
    String rule = "must be one of " + allowed.stream().map(Enum::name).toList();
    if (value == null || value.toString().isBlank()) {
      throw new ClaimInputRejected(field, "is required; " + rule);
    }
    return Arrays.stream(type.getEnumConstants())
        .filter(
            constant ->
                constant.name().equals(value.toString().trim()) && allowed.contains(constant))
        .findFirst()
        .orElseThrow(() -> new ClaimInputRejected(field, rule));
  }
}
