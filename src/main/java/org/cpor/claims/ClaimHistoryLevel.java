package org.cpor.claims;

import static org.camunda.bpm.engine.impl.history.event.HistoryEventTypes.*;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.ActivityTypes;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.AbstractHistoryLevel;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.cpor.claims.process.ClaimProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * History level {@code cpor} ({@code camunda.bpm.history-level: cpor}, the default): Camunda's full
 * history without the rows that repeat what another row or the claim's own tables already say, or
 * that nobody reads. What each omission gives up: docs/history.md.
 *
 * <ul>
 *   <li>activity instances only of the activities where a claim waits (user and receive tasks,
 *       event-based gateways, catching events) and of subprocesses: the analysts' "waiting now"
 *       reads the unfinished ones. Service tasks, gateways that decide, start, throw, end and
 *       boundary events run in milliseconds inside one transaction; the claim's history
 *       (claim_event) says what they did, the process instance which end the claim reached;
 *   <li>variable details (ACT_HI_DETAIL) only when a variable's value changes, not when it is
 *       created or deleted (ACT_HI_VARINST holds the same value); no history at all of the
 *       variables the claim's own tables repeat ({@link Cpor#VARIABLES_KEPT_ELSEWHERE});
 *   <li>the job log (ACT_HI_JOB_LOG) without the row of a job's creation and without the row of a
 *       process step's successful run: each failure (with its stack trace) and each cancelled job
 *       keeps its row, and so do jobs of no process instance (history cleanup, batches);
 *   <li>no identity links (who was a candidate or assignee of a task; the task's own history keeps
 *       its assignee, the user operation log every claim and assignment).
 * </ul>
 *
 * Incidents, the user operation log (the audit trail), process and task instances are kept as in
 * {@code full}. {@code camunda.bpm.history-level: full} still selects Camunda's full history; the
 * engine stores the level in its database, and this plugin lets an existing database switch between
 * the two (history already written stays).
 */
@Component
class ClaimHistoryLevel extends AbstractProcessEnginePlugin {

  private static final Logger LOG = LoggerFactory.getLogger(ClaimHistoryLevel.class);

  static final HistoryLevel CPOR = new Cpor();

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<HistoryLevel> levels =
        configuration.getCustomHistoryLevels() == null
            ? new ArrayList<>()
            : new ArrayList<>(configuration.getCustomHistoryLevels());
    levels.add(CPOR);
    configuration.setCustomHistoryLevels(levels);
  }

  /**
   * The engine refuses to start when its database was set up with another level. Between {@code
   * full} and {@code cpor} the configured level wins: it only decides which history is written from
   * now on.
   */
  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    HistoryLevel configured = configuration.getHistoryLevel();
    Set<Integer> switchable = Set.of(HistoryLevel.HISTORY_LEVEL_FULL.getId(), CPOR.getId());
    if (configured == null || !switchable.contains(configured.getId())) {
      return;
    }
    String table = configuration.getDatabaseTablePrefix() + "ACT_GE_PROPERTY";
    try (Connection connection = configuration.getDataSource().getConnection()) {
      if (!tableExists(connection, table)) {
        return;
      }
      Integer stored = null;
      try (PreparedStatement select =
          connection.prepareStatement(
              "select VALUE_ from " + table + " where NAME_ = 'historyLevel'")) {
        try (ResultSet rs = select.executeQuery()) {
          if (rs.next()) {
            stored = Integer.valueOf(rs.getString(1));
          }
        }
      }
      if (stored == null || stored == configured.getId() || !switchable.contains(stored)) {
        return;
      }
      try (PreparedStatement update =
          connection.prepareStatement(
              "update " + table + " set VALUE_ = ? where NAME_ = 'historyLevel' and VALUE_ = ?")) {
        update.setString(1, String.valueOf(configured.getId()));
        update.setString(2, String.valueOf(stored));
        update.executeUpdate();
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
      LOG.warn(
          "History level switched from {} to {}: history written from now on follows {}",
          stored == CPOR.getId() ? CPOR.getName() : "full",
          configured.getName(),
          configured.getName());
    } catch (SQLException e) {
      throw new ProcessEngineException("Could not read or switch the stored history level", e);
    }
  }

  private static boolean tableExists(Connection connection, String table) throws SQLException {
    for (String name : List.of(table, table.toLowerCase())) {
      try (ResultSet rs = connection.getMetaData().getTables(null, null, name, null)) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The level itself. */
  static final class Cpor extends AbstractHistoryLevel {

    /**
     * The activities whose instances are written: where a claim waits (a user, the customer, the
     * partner or a deadline) and the scopes around them. Every other activity — service tasks,
     * gateways that decide, throw, start, end and boundary events — runs inside one transaction in
     * milliseconds, and the claim's own history (claim_event, claim_stage), the process instance's
     * end activity and the mails say what it did.
     */
    static final Set<String> WAITING_ACTIVITIES =
        Set.of(
            ActivityTypes.TASK_USER_TASK,
            ActivityTypes.TASK_RECEIVE_TASK,
            ActivityTypes.GATEWAY_EVENT_BASED,
            ActivityTypes.INTERMEDIATE_EVENT_TIMER,
            ActivityTypes.INTERMEDIATE_EVENT_MESSAGE,
            ActivityTypes.INTERMEDIATE_EVENT_SIGNAL,
            ActivityTypes.INTERMEDIATE_EVENT_CONDITIONAL,
            ActivityTypes.INTERMEDIATE_EVENT_CATCH,
            ActivityTypes.SUB_PROCESS,
            ActivityTypes.SUB_PROCESS_AD_HOC,
            ActivityTypes.CALL_ACTIVITY,
            ActivityTypes.TRANSACTION);

    /**
     * Variables of the claim process whose history repeats what the claim's own tables and its
     * process instance hold: the claim ID (the process instance's business key), the comments (a
     * copy of the claim's history, claim_event), the automated checks' result (CHECKS_PASSED /
     * CHECKS_FLAGGED in claim_event) and the opt-out deadline (the claim table). The runtime
     * variables stay.
     */
    static final Set<String> VARIABLES_KEPT_ELSEWHERE =
        Set.of(
            ClaimProcess.Variables.CLAIM_ID,
            ClaimProcess.Variables.COMMENT_HISTORY,
            ClaimProcess.Variables.CHECKS_PASSED,
            ClaimProcess.Variables.OPT_OUT_DEADLINE);

    @Override
    public int getId() {
      return 100;
    }

    @Override
    public String getName() {
      return "cpor";
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType type, Object entity) {
      if (type == ACTIVITY_INSTANCE_START
          || type == ACTIVITY_INSTANCE_UPDATE
          || type == ACTIVITY_INSTANCE_END
          || type == ACTIVITY_INSTANCE_MIGRATE) {
        // Asked with the execution in the activity (a user task's assignee update: the task).
        return !(entity instanceof ExecutionEntity execution && passing(execution));
      }
      if (type == JOB_SUCCESS) {
        // A process step that ran: its effect is in the claim's history; failures are logged.
        // Jobs of no process instance (history cleanup, batches) keep their row.
        return !(entity instanceof Job job && job.getProcessInstanceId() != null);
      }
      if (keptElsewhere(entity)) {
        // Every event of the variable, so that no update looks for a row never written.
        return false;
      }
      if (type == VARIABLE_INSTANCE_UPDATE_DETAIL) {
        // The engine asks with the variable's history event: a detail only for a changed value.
        return entity instanceof HistoricVariableUpdateEventEntity variable
            && variable.isEventOfType(VARIABLE_INSTANCE_UPDATE);
      }
      return type != FORM_PROPERTY_UPDATE
          && type != JOB_CREATE
          && type != IDENTITY_LINK_ADD
          && type != IDENTITY_LINK_DELETE;
    }

    private static boolean keptElsewhere(Object entity) {
      if (entity instanceof VariableInstanceEntity variable) {
        String definition = variable.getProcessDefinitionId();
        return VARIABLES_KEPT_ELSEWHERE.contains(variable.getName())
            && definition != null
            && definition.startsWith(ClaimProcess.PROCESS_KEY + ":");
      }
      return entity instanceof HistoricVariableUpdateEventEntity variable
          && VARIABLES_KEPT_ELSEWHERE.contains(variable.getVariableName())
          && ClaimProcess.PROCESS_KEY.equals(variable.getProcessDefinitionKey());
    }

    private static boolean passing(ExecutionEntity execution) {
      ActivityImpl activity = execution.getActivity();
      return activity != null
          && !WAITING_ACTIVITIES.contains((String) activity.getProperty("type"));
    }
  }
}
