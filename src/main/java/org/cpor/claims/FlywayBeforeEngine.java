package org.cpor.claims;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.spring.ProcessEngineFactoryBean;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The application's Flyway migrations run before the engine creates its tables. Otherwise Flyway
 * could find a non-empty schema without its history table and refuse to migrate (or, told to
 * baseline, skip the application's tables).
 */
@Component
class FlywayBeforeEngine extends AbstractDependsOnBeanFactoryPostProcessor {

  FlywayBeforeEngine() {
    super(ProcessEngine.class, ProcessEngineFactoryBean.class, "flywayInitializer");
  }
}
