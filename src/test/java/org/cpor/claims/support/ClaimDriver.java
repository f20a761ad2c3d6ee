package org.cpor.claims.support;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.cpor.claims.process.ClaimProcess;

/**
 * Moves a claim through its process as the people and the job executor would, on any engine (the
 * application's or a bare one): the validator's decisions, the jobs of the asynchronous steps and
 * the timers. Tests say what happens ("approved and notified") instead of how.
 */
public final class ClaimDriver {

  private final ProcessEngine engine;

  private ClaimDriver(ProcessEngine engine) {
    this.engine = engine;
  }

  public static ClaimDriver on(ProcessEngine engine) {
    return new ClaimDriver(engine);
  }

  /** The running process of a claim. */
  public ProcessInstance instanceOf(String claimId) {
    return engine
        .getRuntimeService()
        .createProcessInstanceQuery()
        .processDefinitionKey(ClaimProcess.PROCESS_KEY)
        .processInstanceBusinessKey(claimId)
        .singleResult();
  }

  /** The claim's open user task (the review). */
  public Task openTask(ProcessInstance instance) {
    return engine
        .getTaskService()
        .createTaskQuery()
        .processInstanceId(instance.getId())
        .singleResult();
  }

  /** The validator completes the review with these variables. */
  public void decide(ProcessInstance instance, Map<String, Object> variables) {
    engine.getTaskService().complete(openTask(instance).getId(), new HashMap<>(variables));
  }

  /** The validator approves and the customer is notified: the opt-out window is open. */
  public ProcessInstance approveAndNotify(ProcessInstance instance) {
    decide(instance, Map.of(ClaimProcess.Variables.DECISION, "APPROVE"));
    run(ClaimProcess.Elements.TASK_NOTIFY_CUSTOMER, instance);
    return instance;
  }

  /**
   * The validator rejects the claim (insufficient proof of execution) and the partner is mailed;
   * the rejection may then be disputed.
   */
  public ProcessInstance rejectAsValidator(ProcessInstance instance) {
    decide(
        instance,
        Map.of(
            ClaimProcess.Variables.DECISION,
            "REJECT",
            ClaimProcess.Variables.REJECTION_REASON,
            "INSUFFICIENT_PROOF_OF_EXECUTION",
            ClaimProcess.Variables.DECISION_COMMENT,
            "The statement of work is not signed."));
    runRemainingJobs(instance);
    return instance;
  }

  /** The validator asks for more information and the partner is mailed. */
  public ProcessInstance askForInformation(ProcessInstance instance) {
    decide(
        instance,
        Map.of(
            ClaimProcess.Variables.DECISION,
            "REQUEST_INFORMATION",
            ClaimProcess.Variables.INFORMATION_REASON,
            "CUSTOMER_SIGNATURE_MISSING",
            ClaimProcess.Variables.DECISION_COMMENT,
            "Please send the statement of work signed by the customer."));
    run(ClaimProcess.Elements.TASK_REQUEST_INFORMATION, instance);
    return instance;
  }

  /**
   * The opt-out window passes in silence (the engine's clock is moved to the timer's due date and
   * back) and every step after it runs: the claim ends official.
   */
  public void optOutWindowPasses(ProcessInstance instance) {
    Job timer = job(ClaimProcess.Elements.TIMER_OPT_OUT_WINDOW_ELAPSED, instance);
    ClockUtil.setCurrentTime(timer.getDuedate());
    try {
      engine.getManagementService().executeJob(timer.getId());
    } finally {
      ClockUtil.reset();
    }
    runRemainingJobs(instance);
  }

  /** Runs the job waiting at this element of the claim's process. */
  public void run(String activityId, ProcessInstance instance) {
    engine.getManagementService().executeJob(job(activityId, instance).getId());
  }

  /** The job of the claim waiting at this element. */
  public Job job(String activityId, ProcessInstance instance) {
    return engine
        .getManagementService()
        .createJobQuery()
        .processInstanceId(instance.getId())
        .activityId(activityId)
        .singleResult();
  }

  /** Runs the claim's due asynchronous steps (not its timers) until none is left. */
  public void runRemainingJobs(ProcessInstance instance) {
    for (int round = 0; round < 20; round++) {
      List<Job> due =
          engine
              .getManagementService()
              .createJobQuery()
              .processInstanceId(instance.getId())
              .messages()
              .list();
      if (due.isEmpty()) {
        return;
      }
      due.forEach(job -> engine.getManagementService().executeJob(job.getId()));
    }
    throw new AssertionError("the claim's jobs keep coming: " + instance.getBusinessKey());
  }
}
