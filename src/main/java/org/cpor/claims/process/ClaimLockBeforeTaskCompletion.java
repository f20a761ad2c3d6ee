package org.cpor.claims.process;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.cpor.claims.claim.ClaimRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A validator completing a review task (Tasklist, engine REST or the Java API) takes the claim's
 * row lock before the engine reads the task and its executions, like every other step that decides
 * a claim. The decision listeners lock too, but only after the engine has read the execution tree;
 * on PostgreSQL a withdrawal committing in between (it interrupts the review and its overdue
 * timer's scope) left the completion reading half of the old tree and half of the new one, and
 * failing with an engine error instead of "task not found".
 */
@Component
class ClaimLockBeforeTaskCompletion extends AbstractProcessEnginePlugin {

  private final ClaimRepository claims;
  private final JdbcClient jdbc;

  ClaimLockBeforeTaskCompletion(ClaimRepository claims, JdbcClient jdbc) {
    this.claims = claims;
    this.jdbc = jdbc;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> interceptors = new ArrayList<>();
    if (configuration.getCustomPostCommandInterceptorsTxRequired() != null) {
      interceptors.addAll(configuration.getCustomPostCommandInterceptorsTxRequired());
    }
    // After the transaction and command context interceptors: the lock belongs to the command's
    // transaction.
    interceptors.add(new LockClaim());
    configuration.setCustomPostCommandInterceptorsTxRequired(interceptors);
  }

  private final class LockClaim extends CommandInterceptor {

    @Override
    public <T> T execute(Command<T> command) {
      String taskId = taskIdOf(command);
      if (taskId != null) {
        // Plain SQL, not the engine's entity cache: what the command reads must come after the
        // lock.
        jdbc.sql(
                """
                select e.business_key_ from act_ru_task t
                join act_ru_execution e on e.id_ = t.proc_inst_id_ where t.id_ = ?""")
            .param(taskId)
            .query(String.class)
            .optional()
            .ifPresent(claims::lock);
      }
      return next.execute(command);
    }
  }

  private static String taskIdOf(Command<?> command) {
    if (!(command instanceof CompleteTaskCmd) && !(command instanceof SubmitTaskFormCmd)) {
      return null;
    }
    try {
      Field field = command.getClass().getDeclaredField("taskId");
      field.setAccessible(true);
      return (String) field.get(command);
    } catch (ReflectiveOperationException notThere) {
      return null;
    }
  }
}
