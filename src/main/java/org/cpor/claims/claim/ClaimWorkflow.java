package org.cpor.claims.claim;

/**
 * What the claim's process is told when a partner or a customer acts. The claim module decides
 * (rules, ownership, the claim's lock); the process module carries it out on the engine. So the
 * claim module does not depend on the process, and the process's variables and messages stay in one
 * place.
 *
 * <p>Each message answers {@code false} when the process is not waiting for it (the claim moved
 * on), and throws {@code ConcurrentChange} when the process changed while it was being told (the
 * caller runs again).
 */
public interface ClaimWorkflow {

  /**
   * Starts the claim's process as the calling partner, who must hold the right to start claims. The
   * automated checks' result, just computed for this claim, is handed over so the process does not
   * run them again.
   */
  void start(Claim claim, CheckResult checked);

  /**
   * The partner answered a request for more information, optionally with a new proof of execution.
   */
  boolean partnerAnswered(String claimId, String answer, String newProofOfExecution);

  /** The partner withdrew the claim: it is rejected as a partner request. */
  boolean withdrawn(String claimId, String detail, String withdrawnBy);

  /**
   * The partner disputed the rejection (the dispute is stored already); {@code false} when the
   * claim no longer waits for a dispute (its 30 days passed).
   */
  boolean disputed(String claimId);

  /**
   * The partner corrected the claim (stored already): the process's comment history, which the
   * validator's form shows, says what changed. Nothing to do for a claim without a running process.
   */
  void corrected(String claimId, String actor, String summary);

  /** The customer declined the association through the opt-out link. */
  boolean customerOptedOut(String claimId);
}
