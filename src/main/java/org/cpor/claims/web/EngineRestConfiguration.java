package org.cpor.claims.web;

import jakarta.ws.rs.ApplicationPath;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/**
 * Camunda's engine REST API at {@code /engine-rest}, answering refused claim input with problem
 * details.
 */
@Component
@ApplicationPath("/engine-rest")
class EngineRestConfiguration extends CamundaJerseyResourceConfig {

  @Override
  protected void registerAdditionalResources() {
    register(EngineRestProblems.RestExceptions.class);
    register(EngineRestProblems.ProcessEngineExceptions.class);
  }
}
