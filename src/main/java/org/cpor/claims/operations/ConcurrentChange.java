package org.cpor.claims.operations;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;

/**
 * The process changed under a message correlation (a timer fired between reading and triggering the
 * subscription). Like an optimistic-locking clash, the action is run again and then sees the change.
 */
public class ConcurrentChange extends OptimisticLockingException {

  private ConcurrentChange(String message) {
    super(message);
  }

  public static ProcessEngineException of(ProcessEngineException cause) {
    if (cause instanceof OptimisticLockingException || cause.getClass().getName().contains("Authorization")) {
      return cause;
    }
    ConcurrentChange change = new ConcurrentChange("The claim's process changed meanwhile: " + cause.getMessage());
    change.initCause(cause);
    return change;
  }
}
