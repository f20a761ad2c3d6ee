package org.cpor.claims.support;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Engine REST and the webapps find the engine by its name ("default") in Camunda's static registry
 * ({@link ProcessEngines}), where the last engine started wins and a closed one leaves no entry. So
 * that test classes can share one cached application context while others start their own, each
 * test makes the engine of its own context the registered one before it runs.
 *
 * <p>Registered for every Spring test in {@code META-INF/spring.factories}.
 */
public class EngineOfThisContext extends AbstractTestExecutionListener {

  @Override
  public int getOrder() {
    // After dependency injection (which starts the context), before the test's own set-up.
    return 2_100;
  }

  @Override
  public void beforeTestClass(TestContext testContext) {
    register(testContext);
  }

  @Override
  public void beforeTestMethod(TestContext testContext) {
    register(testContext);
  }

  private static void register(TestContext testContext) {
    ApplicationContext context = testContext.getApplicationContext();
    context.getBeanProvider(ProcessEngine.class).ifAvailable(ProcessEngines::registerProcessEngine);
  }
}
