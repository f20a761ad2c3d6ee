package org.cpor.claims.optout;

import java.util.Optional;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.claim.ClaimWorkflow;
import org.cpor.claims.claim.RejectionReason;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the customer's opt-out link shows and does. */
@Service
public class OptOutService {

  /** Where the customer's request stands. */
  public enum State {
    /** The token was not issued here, or its claim does not exist. */
    UNKNOWN,
    /** The customer may still decline. */
    OPEN,
    /** The customer has declined. */
    DECLINED,
    /** The deadline has passed or the claim is decided otherwise. */
    CLOSED
  }

  public record Request(State state, Claim claim, OptOutTokens.OptOut optOut) {}

  private final OptOutTokens tokens;
  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final ClaimWorkflow workflow;

  public OptOutService(
      OptOutTokens tokens, ClaimRepository claims, ClaimHistory history, ClaimWorkflow workflow) {
    this.tokens = tokens;
    this.claims = claims;
    this.history = history;
    this.workflow = workflow;
  }

  @Transactional(readOnly = true)
  public Request find(String token) {
    Optional<OptOutTokens.OptOut> optOut = tokens.verify(token);
    Optional<Claim> claim = optOut.flatMap(o -> claims.findById(o.claimId()));
    if (claim.isEmpty()) {
      return new Request(State.UNKNOWN, null, null);
    }
    return new Request(stateOf(claim.get(), optOut.get()), claim.get(), optOut.get());
  }

  /** Declines the association; declining twice is harmless. */
  @Transactional
  public Request decline(String token) {
    tokens.verify(token).ifPresent(optOut -> claims.lock(optOut.claimId()));
    Request request = find(token);
    if (request.state() != State.OPEN) {
      return request;
    }
    Claim claim = request.claim();
    history.record(
        claim.id(),
        "customer " + claim.content().customerContactEmail(),
        ClaimEventType.CUSTOMER_OPTED_OUT,
        "The customer declined the association through the opt-out link");
    if (!workflow.customerOptedOut(claim.id())) {
      // The opt-out timer fired first: the association is official, the opt-out came too late.
      throw new OptOutClosed(claim.id());
    }
    return new Request(State.DECLINED, claims.get(claim.id()), request.optOut());
  }

  private static State stateOf(Claim claim, OptOutTokens.OptOut optOut) {
    if (claim.status() == ClaimStatus.REJECTED
        && claim.rejectionReason() == RejectionReason.CUSTOMER_DECLINED) {
      return State.DECLINED;
    }
    boolean beforeDeadline = EngineClock.now().isBefore(optOut.deadline());
    return claim.status() == ClaimStatus.APPROVED && beforeDeadline ? State.OPEN : State.CLOSED;
  }

  /** The window closed while the customer was declining; the transaction rolls back. */
  public static class OptOutClosed extends RuntimeException {
    public OptOutClosed(String claimId) {
      super("The opt-out period of " + claimId + " has ended");
    }
  }
}
