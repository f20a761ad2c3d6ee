package org.cpor.claims.process;

import java.util.List;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.Task;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.notification.ClaimMailer;
import org.cpor.claims.security.Roles;
import org.springframework.stereotype.Component;

/**
 * A review (of the claim or of its dispute) passed its due date and is still open: its priority
 * rises above every punctual review, each validator lead is mailed once, and the history notes it.
 */
@Component("escalateLateReview")
class EscalateLateReviewDelegate implements JavaDelegate {

  /** Camunda's default priority is 50; an overdue review sorts before every punctual one. */
  static final int OVERDUE_PRIORITY = 80;

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final ClaimMailer mailer;
  private final TaskService taskService;
  private final IdentityService identityService;

  EscalateLateReviewDelegate(
      ClaimRepository claims,
      ClaimHistory history,
      ClaimMailer mailer,
      TaskService taskService,
      IdentityService identityService) {
    this.claims = claims;
    this.history = history;
    this.mailer = mailer;
    this.taskService = taskService;
    this.identityService = identityService;
  }

  @Override
  public void execute(DelegateExecution execution) {
    Task review =
        taskService
            .createTaskQuery()
            .processInstanceId(execution.getProcessInstanceId())
            .taskDefinitionKeyIn(ClaimProcess.Elements.REVIEW_TASKS.toArray(String[]::new))
            .singleResult();
    if (review == null) {
      // Decided between the timer and this step: nothing is late any more.
      return;
    }
    Claim claim = claims.get(execution.getProcessBusinessKey());
    taskService.setPriority(review.getId(), OVERDUE_PRIORITY);
    List<User> leads =
        identityService.createUserQuery().memberOfGroup(Roles.VALIDATOR_LEADS).list();
    for (User lead : leads) {
      mailer.reviewOverdue(
          claim,
          review.getName(),
          review.getId(),
          review.getDueDate() == null ? EngineClock.now() : review.getDueDate().toInstant(),
          lead.getId(),
          lead.getEmail());
    }
    history.record(
        claim.id(),
        ClaimHistory.SYSTEM,
        ClaimEventType.REVIEW_OVERDUE,
        "\""
            + review.getName()
            + "\" is past its due date: priority raised, validator leads told ("
            + (leads.isEmpty()
                ? "none in group " + Roles.VALIDATOR_LEADS
                : leads.stream().map(User::getId).collect(Collectors.joining(", ")))
            + ")");
  }
}
