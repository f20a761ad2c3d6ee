package org.cpor.claims.operations;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;

/**
 * The process changed under a message correlation (a timer fired between reading and triggering the
 * subscription). Like an optimistic-locking clash, the action is run again and then sees the
 * change.
 */
public class ConcurrentChange extends OptimisticLockingException {

  private ConcurrentChange(String message) {
    super(message);
  }

  /**
   * The failure of a correlation that raced a job on the same process: the engine reports it as an
   * optimistic-locking clash or as a subscription that vanished while it was being triggered.
   */
  public static RuntimeException of(RuntimeException cause) {
    if (cause instanceof OptimisticLockingException || cause instanceof AuthorizationException) {
      return cause;
    }
    ConcurrentChange change =
        new ConcurrentChange("The claim's process changed meanwhile: " + cause.getMessage());
    change.initCause(cause);
    return change;
  }
}
