package org.cpor.claims.operations;

import java.util.function.Supplier;
import org.camunda.bpm.engine.OptimisticLockingException;

/**
 * Runs a transactional action again when it lost a race to another transaction on the same claim
 * (the engine's optimistic locking). The second run sees the winner's outcome and answers
 * accordingly, so a race never surfaces as a server error.
 */
public final class OptimisticRetry {

  static final int ATTEMPTS = 3;

  private OptimisticRetry() {}

  public static <T> T call(Supplier<T> action) {
    for (int attempt = 1; ; attempt++) {
      try {
        return action.get();
      } catch (OptimisticLockingException lostRace) {
        if (attempt == ATTEMPTS) {
          throw lostRace;
        }
      }
    }
  }
}
