package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTABLE;
import static org.cpor.claims.process.ClaimProcess.Variables.DISPUTE_DEADLINE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationInstructionsBuilder;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ActivityInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.TransitionInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.EventBasedGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.TimeDate;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEvent;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Moves the claims in flight from every older version of the {@code cpor-claim} model to the latest
 * one, where they continue under the current rules.
 *
 * <p>The plan maps every activity to the activity of the same ID ({@code mapEqualActivities()}),
 * also where the new model moved it into another scope (the partner's answer is awaited inside a
 * sub-process since the dispute release). Event triggers are <em>not</em> updated: timers keep
 * their jobs and due dates to the second, message subscriptions stay. Activities of the old model
 * that the new one no longer has are reported, per instance, instead of guessed.
 *
 * <p>After migration each migrated claim is aligned with what the new model would have done:
 *
 * <ul>
 *   <li>a timer the new model added on a review task with the task's own due-date expression (the
 *       late-review escalation) is created by the migration as of now; it is set to the task's due
 *       date, which was computed when the review started;
 *   <li>a claim rejected by a release before disputes lacks {@code disputable} and {@code
 *       disputeDeadline}: they are set as "Reject claim" sets them today, from the rejection's time
 *       in the claim's history.
 * </ul>
 *
 * Both are idempotent and done for every claim that started before the latest model was deployed.
 * Above {@code batchThreshold} instances of one version a Camunda batch moves them ({@code
 * executeAsync}): their dispute variables are set before it starts (the old model never reads them,
 * and the new one may mail a rejection as soon as the batch moved the claim); the late-review
 * timers are set by the next call, which the report's {@link BatchStarted#thenCallAgain()} asks
 * for.
 */
@Component
public class ClaimMigration {

  /** What would be or was done for one older model version. */
  public record Plan(
      String sourceDefinitionId,
      int sourceVersion,
      long instances,
      List<String> instructions,
      List<String> unmappedActivities,
      String invalidPlan) {}

  /** A claim the migration could not move, and why. */
  public record Failure(String processInstanceId, String claimId, String reason) {}

  /**
   * A Camunda batch started for the claims of one version ({@code instances} of them). {@code
   * thenCallAgain} says what the operator still has to do once it has finished.
   */
  public record BatchStarted(
      String id, String sourceDefinitionId, int instances, String thenCallAgain) {}

  /**
   * The result: {@code migrated} lists the instances moved now (or, in a dry run, those that would
   * be), {@code notMigrated} those that cannot be, {@code batches} the batches started for large
   * numbers, {@code aligned} the claims whose deadlines or dispute variables were completed.
   */
  public record Report(
      boolean dryRun,
      String targetDefinitionId,
      int targetVersion,
      List<Plan> plans,
      List<String> migrated,
      List<Failure> notMigrated,
      List<BatchStarted> batches,
      List<String> aligned) {}

  private final RepositoryService repository;
  private final RuntimeService runtime;
  private final ManagementService management;
  private final TaskService tasks;
  private final HistoryService history;
  private final ClaimRepository claims;
  private final ClaimHistory claimHistory;
  private final Deadlines deadlines;
  private volatile int batchThreshold;

  ClaimMigration(
      RepositoryService repository,
      RuntimeService runtime,
      ManagementService management,
      TaskService tasks,
      HistoryService history,
      ClaimRepository claims,
      ClaimHistory claimHistory,
      Deadlines deadlines,
      @Value("${cpor.migration.batch-threshold:200}") int batchThreshold) {
    this.repository = repository;
    this.runtime = runtime;
    this.management = management;
    this.tasks = tasks;
    this.history = history;
    this.claims = claims;
    this.claimHistory = claimHistory;
    this.deadlines = deadlines;
    this.batchThreshold = batchThreshold;
  }

  /**
   * Changes {@code cpor.migration.batch-threshold} at run time; for {@code ModelUpgradeTest}, which
   * needs a batch without driving 200 claims and shares its context with the unbatched test.
   */
  void batchThreshold(int threshold) {
    this.batchThreshold = threshold;
  }

  int batchThreshold() {
    return batchThreshold;
  }

  /** Migrates (or, in a dry run, checks) every claim of an older version to the latest model. */
  public Report migrateToLatest(boolean dryRun) {
    ProcessDefinition target =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(ClaimProcess.PROCESS_KEY)
            .latestVersion()
            .singleResult();
    if (target == null) {
      throw new IllegalStateException("No " + ClaimProcess.PROCESS_KEY + " model is deployed");
    }
    List<ProcessDefinition> sources =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(ClaimProcess.PROCESS_KEY)
            .list()
            .stream()
            .filter(definition -> definition.getVersion() < target.getVersion())
            .sorted(Comparator.comparingInt(ProcessDefinition::getVersion))
            .toList();
    List<Plan> plans = new ArrayList<>();
    List<String> migrated = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    List<BatchStarted> batches = new ArrayList<>();
    List<String> alignedBeforeBatch = new ArrayList<>();
    for (ProcessDefinition source : sources) {
      List<ProcessInstance> instances =
          runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).list();
      if (instances.isEmpty()) {
        continue;
      }
      Set<String> active = activeActivities(source.getId());
      MigrationPlan plan;
      try {
        plan = plan(source.getId(), target.getId());
      } catch (MigrationPlanValidationException invalid) {
        plans.add(
            new Plan(
                source.getId(),
                source.getVersion(),
                instances.size(),
                List.of(),
                List.copyOf(active),
                invalid.getMessage()));
        instances.forEach(
            instance ->
                failures.add(
                    new Failure(
                        instance.getId(), instance.getBusinessKey(), "no valid migration plan")));
        continue;
      }
      Set<String> mapped = new TreeSet<>();
      List<String> instructions = new ArrayList<>();
      for (MigrationInstruction instruction : plan.getInstructions()) {
        mapped.add(instruction.getSourceActivityId());
        instructions.add(
            instruction.getSourceActivityId() + " -> " + instruction.getTargetActivityId());
      }
      List<String> unmapped = active.stream().filter(id -> !mapped.contains(id)).toList();
      plans.add(
          new Plan(
              source.getId(), source.getVersion(), instances.size(), instructions, unmapped, null));

      List<String> movable = new ArrayList<>();
      for (ProcessInstance instance : instances) {
        Optional<String> blocker = unmappedActivity(instance.getId(), mapped);
        if (blocker.isPresent()) {
          failures.add(
              new Failure(
                  instance.getId(),
                  instance.getBusinessKey(),
                  "waits at "
                      + blocker.get()
                      + ", which the model of version "
                      + target.getVersion()
                      + " does not have (map it explicitly or let the claim end on its version)"));
        } else {
          movable.add(instance.getId());
        }
      }
      if (dryRun || movable.isEmpty()) {
        migrated.addAll(movable);
      } else if (movable.size() > batchThreshold) {
        // The batch moves the claims later, one job each, while the job executor may already run
        // their next steps on the new model (e.g. a rejection mail that now offers a dispute). The
        // dispute variables do not depend on the model, so they are set before: the old model
        // never reads them.
        for (ProcessInstance instance : instances) {
          if (movable.contains(instance.getId())
              && completeDisputeVariables(instance.getId(), instance.getBusinessKey())) {
            alignedBeforeBatch.add(instance.getId());
          }
        }
        Batch batch = runtime.newMigration(plan).processInstanceIds(movable).executeAsync();
        batches.add(
            new BatchStarted(
                batch.getId(),
                source.getId(),
                movable.size(),
                "When batch "
                    + batch.getId()
                    + " has finished (Cockpit → Batches), call POST /api/admin/migrations again:"
                    + " it sets the late-review timers of the claims it moved to their reviews'"
                    + " due dates (until then they fall due as if the review started at the"
                    + " migration)."));
      } else {
        for (String instanceId : movable) {
          try {
            runtime.newMigration(plan).processInstanceIds(instanceId).execute();
            migrated.add(instanceId);
          } catch (ProcessEngineException refused) {
            failures.add(
                new Failure(instanceId, businessKey(instances, instanceId), reason(refused)));
          }
        }
      }
    }
    List<String> aligned = new ArrayList<>(alignedBeforeBatch);
    if (!dryRun) {
      alignMigratedClaims(target, migrated).stream()
          .filter(id -> !aligned.contains(id))
          .forEach(aligned::add);
    }
    return new Report(
        dryRun, target.getId(), target.getVersion(), plans, migrated, failures, batches, aligned);
  }

  /**
   * Equal IDs in equal scopes, then equal IDs that the new model moved to another scope (e.g. into
   * a new sub-process), for the kinds of element a claim can wait at. Event triggers stay as they
   * are. An explicit instruction the engine refuses is dropped again (and its activity reported as
   * unmapped if claims wait there).
   */
  MigrationPlan plan(String sourceId, String targetId) {
    Set<String> equal = new LinkedHashSet<>();
    runtime
        .createMigrationPlan(sourceId, targetId)
        .mapEqualActivities()
        .build()
        .getInstructions()
        .forEach(instruction -> equal.add(instruction.getSourceActivityId()));
    BpmnModelInstance sourceModel = repository.getBpmnModelInstance(sourceId);
    BpmnModelInstance targetModel = repository.getBpmnModelInstance(targetId);
    List<String> moved = new ArrayList<>();
    for (FlowNode node : sourceModel.getModelElementsByType(FlowNode.class)) {
      if (equal.contains(node.getId()) || !canWaitAt(node)) {
        continue;
      }
      if (targetModel.getModelElementById(node.getId()) instanceof FlowNode other
          && other.getElementType().equals(node.getElementType())) {
        moved.add(node.getId());
      }
    }
    try {
      return withMoved(sourceId, targetId, moved);
    } catch (MigrationPlanValidationException refused) {
      Set<String> refusedIds = new TreeSet<>();
      for (MigrationInstructionValidationReport report :
          refused.getValidationReport().getInstructionReports()) {
        refusedIds.add(report.getMigrationInstruction().getSourceActivityId());
      }
      return withMoved(
          sourceId, targetId, moved.stream().filter(id -> !refusedIds.contains(id)).toList());
    }
  }

  private MigrationPlan withMoved(String sourceId, String targetId, List<String> moved) {
    MigrationInstructionsBuilder builder =
        runtime.createMigrationPlan(sourceId, targetId).mapEqualActivities();
    for (String id : moved) {
      builder.mapActivities(id, id);
    }
    return builder.build();
  }

  private static boolean canWaitAt(FlowNode node) {
    return node instanceof Activity
        || node instanceof EventBasedGateway
        || node instanceof IntermediateCatchEvent
        || node instanceof BoundaryEvent;
  }

  /** The activities of this version where claims wait now (tasks, events, jobs). */
  private Set<String> activeActivities(String definitionId) {
    Set<String> ids = new TreeSet<>();
    for (ActivityStatistics statistics :
        management.createActivityStatisticsQuery(definitionId).list()) {
      ids.add(statistics.getId());
    }
    return ids;
  }

  private Optional<String> unmappedActivity(String instanceId, Set<String> mapped) {
    ActivityInstance tree = runtime.getActivityInstance(instanceId);
    if (tree == null) {
      return Optional.empty();
    }
    return leaves(tree).stream().filter(id -> !mapped.contains(id)).findFirst();
  }

  private static List<String> leaves(ActivityInstance instance) {
    List<String> ids = new ArrayList<>();
    if (instance.getChildActivityInstances().length == 0
        && instance.getChildTransitionInstances().length == 0
        && instance.getParentActivityInstanceId() != null) {
      ids.add(instance.getActivityId());
    }
    for (TransitionInstance transition : instance.getChildTransitionInstances()) {
      ids.add(transition.getActivityId());
    }
    for (ActivityInstance child : instance.getChildActivityInstances()) {
      ids.addAll(leaves(child));
    }
    return ids;
  }

  /**
   * Completes the claims that started on an older version and now run on the latest: timers added
   * on a review task fall due with the task, and old rejections get their dispute variables.
   */
  private List<String> alignMigratedClaims(ProcessDefinition target, List<String> migratedNow) {
    Date deployed =
        repository
            .createDeploymentQuery()
            .deploymentId(target.getDeploymentId())
            .singleResult()
            .getDeploymentTime();
    Set<String> instanceIds = new LinkedHashSet<>(migratedNow);
    history
        .createHistoricProcessInstanceQuery()
        .processDefinitionId(target.getId())
        .unfinished()
        .startedBefore(deployed)
        .list()
        .forEach(started -> instanceIds.add(started.getId()));
    BpmnModelInstance model = repository.getBpmnModelInstance(target.getId());
    Map<String, String> dueWithTask = timersDueWithTheirTask(model);
    List<String> aligned = new ArrayList<>();
    for (String instanceId : instanceIds) {
      ProcessInstance instance =
          runtime.createProcessInstanceQuery().processInstanceId(instanceId).singleResult();
      if (instance == null) {
        continue;
      }
      boolean changed = alignTimers(instanceId, dueWithTask);
      changed |= completeDisputeVariables(instanceId, instance.getBusinessKey());
      if (changed) {
        aligned.add(instanceId);
      }
    }
    return aligned;
  }

  /** Boundary timers whose due date is the same expression as their user task's due date. */
  private static Map<String, String> timersDueWithTheirTask(BpmnModelInstance model) {
    Map<String, String> timers = new HashMap<>();
    for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
      if (!(boundary.getAttachedTo() instanceof UserTask task)
          || task.getCamundaDueDate() == null) {
        continue;
      }
      for (TimerEventDefinition timer :
          boundary.getChildElementsByType(TimerEventDefinition.class)) {
        TimeDate date = timer.getTimeDate();
        if (date != null && task.getCamundaDueDate().equals(date.getTextContent().trim())) {
          timers.put(boundary.getId(), task.getId());
        }
      }
    }
    return timers;
  }

  private boolean alignTimers(String instanceId, Map<String, String> dueWithTask) {
    boolean changed = false;
    for (Map.Entry<String, String> timer : dueWithTask.entrySet()) {
      List<Job> jobs =
          management
              .createJobQuery()
              .processInstanceId(instanceId)
              .activityId(timer.getKey())
              .timers()
              .list();
      List<Task> open =
          tasks
              .createTaskQuery()
              .processInstanceId(instanceId)
              .taskDefinitionKey(timer.getValue())
              .list();
      if (jobs.size() != 1 || open.size() != 1 || open.get(0).getDueDate() == null) {
        continue;
      }
      Date due = open.get(0).getDueDate();
      if (!due.equals(jobs.get(0).getDuedate())) {
        management.setJobDuedate(jobs.get(0).getId(), due);
        changed = true;
      }
    }
    return changed;
  }

  private boolean completeDisputeVariables(String instanceId, String claimId) {
    if (claimId == null || runtime.getVariable(instanceId, DISPUTABLE) != null) {
      return false;
    }
    Optional<Claim> claim = claims.findById(claimId);
    if (claim.isEmpty()
        || claim.get().status() != ClaimStatus.REJECTED
        || claim.get().rejectionReason() == null) {
      return false;
    }
    boolean disputable = claim.get().rejectionReason().isDisputable();
    Map<String, Object> variables = new HashMap<>();
    variables.put(DISPUTABLE, disputable);
    if (disputable) {
      claimHistory.of(claimId).stream()
          .filter(event -> event.type() == ClaimEventType.REJECTED)
          .map(ClaimEvent::occurredAt)
          .reduce((first, second) -> second)
          .ifPresent(
              rejectedAt ->
                  variables.put(
                      DISPUTE_DEADLINE, Date.from(deadlines.disputeDeadline(rejectedAt))));
    }
    runtime.setVariables(instanceId, variables);
    return true;
  }

  private static String businessKey(List<ProcessInstance> instances, String instanceId) {
    return instances.stream()
        .filter(instance -> instance.getId().equals(instanceId))
        .map(ProcessInstance::getBusinessKey)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  private static String reason(ProcessEngineException refused) {
    String message = refused.getMessage();
    return message == null ? refused.getClass().getSimpleName() : message;
  }
}
