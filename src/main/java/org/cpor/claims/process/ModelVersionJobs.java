package org.cpor.claims.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * During a rolling upgrade a node runs the jobs of the claim model it was built with and of every
 * older version, never those of a newer one: its delegates may not know what a newer model asks of
 * them (a bean it lacks, a variable it does not set).
 *
 * <p>With {@code camunda.bpm.job-execution.deployment-aware: true} the job executor takes only jobs
 * of the deployments registered with it (and jobs of no deployment: batches' seeds, history
 * clean-up). At start this node finds the version of {@code cpor-claim} that its own model file
 * (found through {@code camunda.bpm.deployment-resource-pattern}) deployed, and registers the
 * deployments of that version and all older ones. A node of the new build therefore also finishes
 * the claims still on older versions (the version policy keeps delegates compatible with them); a
 * node of the old build leaves the new version's jobs to the upgraded nodes. Registrations live in
 * memory: every start registers again.
 */
@Component
class ModelVersionJobs {

  private static final Logger log = LoggerFactory.getLogger(ModelVersionJobs.class);

  private final ProcessEngine engine;
  private final CamundaBpmProperties camunda;

  ModelVersionJobs(ProcessEngine engine, CamundaBpmProperties camunda) {
    this.engine = engine;
    this.camunda = camunda;
  }

  @EventListener(ApplicationReadyEvent.class)
  void registerDeployments() {
    if (!engine.getProcessEngineConfiguration().isJobExecutorDeploymentAware()) {
      return;
    }
    RepositoryService repository = engine.getRepositoryService();
    ManagementService management = engine.getManagementService();
    List<ProcessDefinition> versions =
        repository
            .createProcessDefinitionQuery()
            .processDefinitionKey(ClaimProcess.PROCESS_KEY)
            .orderByProcessDefinitionVersion()
            .asc()
            .list();
    int own = ownVersion(repository, versions);
    for (ProcessDefinition version : versions) {
      if (own < 0 || version.getVersion() <= own) {
        management.registerDeploymentForJobExecutor(version.getDeploymentId());
      }
    }
    log.info(
        "Job executor runs the jobs of {} version {} and older",
        ClaimProcess.PROCESS_KEY,
        own < 0 ? "(own model not found: every version)" : own);
  }

  /** The newest deployed version whose model is byte for byte this node's model file. */
  private int ownVersion(RepositoryService repository, List<ProcessDefinition> versions) {
    List<byte[]> ownModels = ownModels();
    int own = -1;
    for (ProcessDefinition version : versions) {
      byte[] deployed =
          read(
              repository.getResourceAsStream(version.getDeploymentId(), version.getResourceName()));
      if (ownModels.stream().anyMatch(model -> Arrays.equals(model, deployed))) {
        own = version.getVersion();
      }
    }
    return own;
  }

  private List<byte[]> ownModels() {
    PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    return camunda.getDeploymentResourcePattern() == null
        ? List.of()
        : Arrays.stream(camunda.getDeploymentResourcePattern())
            .filter(pattern -> pattern.endsWith(".bpmn"))
            .flatMap(
                pattern -> {
                  try {
                    return Arrays.stream(resolver.getResources(pattern));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .map(ModelVersionJobs::read)
            .toList();
  }

  private static byte[] read(Resource resource) {
    try {
      return read(resource.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
