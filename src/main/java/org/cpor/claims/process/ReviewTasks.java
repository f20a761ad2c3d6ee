package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.REVIEW_DUE;

import java.time.Instant;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.claim.Claim;

/** What every review task shows in Tasklist's list: which claim it is and when it is due. */
final class ReviewTasks {

  private ReviewTasks() {}

  /**
   * Names the task after the claim ("Validate claim CPOR-1000 · contoso.com") and gives the cards
   * the review's due date, besides the form's variables.
   */
  static void label(DelegateTask task, Claim claim, Deadlines deadlines, Map<String, Object> form) {
    task.setName(task.getName() + " " + claim.id() + " · " + claim.content().customerDomain());
    Instant due = task.getDueDate().toInstant();
    form.put(REVIEW_DUE, deadlines.format(due));
    task.setVariablesLocal(form);
  }
}
