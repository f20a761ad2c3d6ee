package org.cpor.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.RuntimeService;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * On H2, loading a claim's process variables reads that claim's rows only, however many claims are
 * running: the engine runs this lookup in every step of every claim.
 */
@CporSpringTest
class H2EngineIndexesTest {

  private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

  @Autowired RuntimeService runtimeService;
  @Autowired JdbcClient jdbc;

  @Test
  void loadingOneClaimsVariablesReadsOnlyItsOwnRows() {
    String executionId = null;
    for (int i = 0; i < 60; i++) {
      executionId =
          runtimeService
              .startProcessInstanceByKey(
                  ClaimProcess.PROCESS_KEY,
                  ClaimFixtures.claim(
                      ClaimFixtures.newPartnerId(), ClaimFixtures.registerTenant(jdbc)))
              .getId();
    }
    long ownRows =
        jdbc.sql(
                "select count(*) from ACT_RU_VARIABLE where EXECUTION_ID_ = ? and TASK_ID_ is null")
            .param(executionId)
            .query(Long.class)
            .single();
    long allRows =
        jdbc.sql("select count(*) from ACT_RU_VARIABLE where TASK_ID_ is null")
            .query(Long.class)
            .single();
    assertThat(allRows).isGreaterThan(50 * ownRows);

    // The engine's statement (VariableInstance.xml, selectVariablesByExecutionId), as H2 runs it.
    String plan =
        jdbc.sql(
                """
            explain analyze select RES.* from ACT_RU_VARIABLE RES
            left join ACT_RU_EXECUTION EXECUTION on RES.EXECUTION_ID_ = EXECUTION.ID_
            left join ACT_RU_EXECUTION PARENT_EXECUTION on EXECUTION.PARENT_ID_ = PARENT_EXECUTION.ID_
            where EXECUTION_ID_ = ? and TASK_ID_ is null""")
            .param(executionId)
            .query(String.class)
            .single();

    Matcher firstScan = SCAN_COUNT.matcher(plan);
    assertThat(firstScan.find()).as(plan).isTrue();
    assertThat(Long.parseLong(firstScan.group(1))).as(plan).isLessThanOrEqualTo(ownRows + 1);
  }
}
