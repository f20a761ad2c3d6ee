package org.cpor.claims;

import static org.assertj.core.api.Assertions.assertThat;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.junit.jupiter.api.Test;

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

  /** Starts an engine on the database with this level; the level it stored. */
  private static String start(String url, String level, boolean withPlugin) {
    ProcessEngineConfigurationImpl configuration = new StandaloneInMemProcessEngineConfiguration();
    configuration.setJdbcUrl(url);
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setJobExecutorActivate(false);
    configuration.setHistory(level);
    configuration.setProcessEngineName("history-level-switch");
    if (withPlugin) {
      configuration.getProcessEnginePlugins().add(new ClaimHistoryLevel());
    }
    ProcessEngine engine = configuration.buildProcessEngine();
    try {
      assertThat(configuration.getHistoryLevel().getName()).isEqualTo(level);
      return engine.getManagementService().getProperties().get("historyLevel");
    } finally {
      engine.close();
    }
  }
}
