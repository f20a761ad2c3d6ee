package org.cpor.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine stores its history level in its database and refuses to start with another one: an
 * existing database (set up with {@code full}, as every database was before level {@code cpor})
 * starts with {@code cpor}, and back with {@code full}.
 */
class ClaimHistoryLevelSwitchTest {

  @Test
  void aDatabaseSetUpWithFullHistoryStartsWithLevelCporAndBack() {
    String url = "jdbc:h2:mem:history-level-switch;DB_CLOSE_DELAY=-1";
    assertThat(start(url, "full", false)).isEqualTo("3");
    assertThat(start(url, "cpor", true)).isEqualTo("100");
    assertThat(start(url, "full", true)).isEqualTo("3");
  }

  /**
   * An operator switches levels while claims run: activity instances that one level started and the
   * other ends (the multi-instance body of the mails, written by {@code full} only, the timer's
   * catch event, written by both), and a process end that sets the removal time of rows one level
   * never wrote. The instance goes on to its end, and its history says it completed.
   */
  @ParameterizedTest(name = "{0} → {1} → {0}")
  @CsvSource({"cpor, full", "full, cpor"})
  void claimsInFlightGoOnWhenTheLevelSwitches(String first, String second) {
    String url = "jdbc:h2:mem:history-level-switch-" + first + ";DB_CLOSE_DELAY=-1";
    String[] instance = new String[1];
    // First level: started, reviewed; the mails' multi-instance body starts, its jobs wait.
    run(
        url,
        first,
        engine -> {
          engine
              .getRepositoryService()
              .createDeployment()
              .addModelInstance("in-flight.bpmn", inFlightModel())
              .deploy();
          instance[0] =
              engine.getRuntimeService().startProcessInstanceByKey("in-flight", "CPOR-1").getId();
          String review =
              engine
                  .getTaskService()
                  .createTaskQuery()
                  .processInstanceId(instance[0])
                  .singleResult()
                  .getId();
          engine.getTaskService().complete(review);
          assertThat(jobs(engine, instance[0])).hasSize(2);
        });
    // Second level: the mails run, the multi-instance body ends, the timer's catch event starts.
    run(
        url,
        second,
        engine -> {
          for (Job job : jobs(engine, instance[0])) {
            engine.getManagementService().executeJob(job.getId());
          }
          assertThat(jobs(engine, instance[0])).hasSize(1);
        });
    // First level again: the timer fires, the instance ends.
    run(
        url,
        first,
        engine -> {
          engine.getManagementService().executeJob(jobs(engine, instance[0]).get(0).getId());
          assertThat(
                  engine
                      .getRuntimeService()
                      .createProcessInstanceQuery()
                      .processInstanceId(instance[0])
                      .count())
              .isZero();
          HistoricProcessInstance history =
              engine
                  .getHistoryService()
                  .createHistoricProcessInstanceQuery()
                  .processInstanceId(instance[0])
                  .singleResult();
          assertThat(history.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
          assertThat(history.getEndActivityId()).isEqualTo("End");
          assertThat(history.getRemovalTime()).isNotNull();
          // What both levels keep: the review's task and activity instance.
          assertThat(
                  engine
                      .getHistoryService()
                      .createHistoricActivityInstanceQuery()
                      .processInstanceId(instance[0])
                      .activityId("Review")
                      .finished()
                      .count())
              .isOne();
        });
  }

  /**
   * The shapes of the claim process that span transactions: a step, a decision, a review, mails
   * sent asynchronously per workload, a wait on a timer.
   */
  private static BpmnModelInstance inFlightModel() {
    return Bpmn.createExecutableProcess("in-flight")
        .camundaHistoryTimeToLive(180)
        .startEvent()
        .serviceTask("Register")
        .camundaExpression("${true}")
        .exclusiveGateway()
        .userTask("Review")
        .serviceTask("Mail")
        .camundaExpression("${true}")
        .multiInstance()
        .parallel()
        .cardinality("2")
        .camundaAsyncBefore()
        .multiInstanceDone()
        .intermediateCatchEvent("Wait")
        .timerWithDuration("P5D")
        .endEvent("End")
        .done();
  }

  private static java.util.List<Job> jobs(ProcessEngine engine, String instanceId) {
    return engine.getManagementService().createJobQuery().processInstanceId(instanceId).list();
  }

  /** Runs {@code steps} on an engine of this level (with the plugin) on the database. */
  private static void run(String url, String level, Consumer<ProcessEngine> steps) {
    ProcessEngine engine = engine(url, level, true);
    try {
      steps.accept(engine);
    } finally {
      engine.close();
    }
  }

  /** Starts an engine on the database with this level; the level it stored. */
  private static String start(String url, String level, boolean withPlugin) {
    ProcessEngine engine = engine(url, level, withPlugin);
    try {
      assertThat(engine.getProcessEngineConfiguration())
          .extracting(c -> ((ProcessEngineConfigurationImpl) c).getHistoryLevel().getName())
          .isEqualTo(level);
      return engine.getManagementService().getProperties().get("historyLevel");
    } finally {
      engine.close();
    }
  }

  private static ProcessEngine engine(String url, String level, boolean withPlugin) {
    ProcessEngineConfigurationImpl configuration = new StandaloneInMemProcessEngineConfiguration();
    configuration.setJdbcUrl(url);
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory(level);
    configuration.setProcessEngineName("history-level-switch");
    if (withPlugin) {
      configuration.getProcessEnginePlugins().add(new ClaimHistoryLevel());
    }
    return configuration.buildProcessEngine();
  }
}
