package org.cpor.claims.process;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.auth.DefaultAuthorizationProvider;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * The claim's review tasks get no authorization of their own for the reviewers' groups: {@link
 * ClaimProcessGrants} grants those groups every task of the claim process once, on its definition.
 *
 * <p>Camunda's default provider writes a grant per task for each candidate group. With the two
 * reviewer groups that is two rows in {@code ACT_RU_AUTHORIZATION} per waiting claim, and every
 * task query of a validator (Tasklist's "Claims to validate", its counts, engine REST) joins the
 * tasks with all of them: about 9 s per filter request with 10,000 claims waiting for review, and
 * growing with every one. With the grant on the definition the join meets a handful of rows
 * whatever the number of claims. Who may see and work which task is the same as before: both groups
 * are candidates of every user task of the model. Other processes, other groups, assignees and
 * owners keep the default grants.
 */
@Component
class ReviewTasksWithoutTaskGrants extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    configuration.setResourceAuthorizationProvider(new Provider());
  }

  static final class Provider extends DefaultAuthorizationProvider {

    @Override
    public AuthorizationEntity[] newTaskGroupIdentityLink(Task task, String groupId, String type) {
      if (ClaimProcessGrants.REVIEWERS.contains(groupId) && ofClaimProcess(task)) {
        return new AuthorizationEntity[0];
      }
      return super.newTaskGroupIdentityLink(task, groupId, type);
    }

    private static boolean ofClaimProcess(Task task) {
      if (task instanceof TaskEntity entity && entity.getProcessDefinitionId() != null) {
        ProcessDefinitionEntity definition = entity.getProcessDefinition();
        return definition != null && ClaimProcess.PROCESS_KEY.equals(definition.getKey());
      }
      return false;
    }
  }
}
