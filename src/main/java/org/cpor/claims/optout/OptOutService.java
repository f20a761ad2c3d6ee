package org.cpor.claims.optout;

import java.util.List;
import java.util.Optional;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.AssociationEndings;
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
    CLOSED,
    /** The association is official: the customer may end it at any time. */
    OFFICIAL,
    /**
     * The association was official and has ended (by either side, or superseded): the link is
     * spent.
     */
    ENDED
  }

  /** Where the request stands, with the claim and its associations (none before it is official). */
  public record Request(
      State state, Claim claim, OptOutTokens.OptOut optOut, List<Association> associations) {

    /** The associations still official: what the customer may end. */
    public List<Association> official() {
      return associations.stream().filter(a -> a.status() == AssociationStatus.OFFICIAL).toList();
    }
  }

  private final OptOutTokens tokens;
  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final ClaimWorkflow workflow;
  private final AssociationRegister associations;
  private final AssociationEndings endings;

  public OptOutService(
      OptOutTokens tokens,
      ClaimRepository claims,
      ClaimHistory history,
      ClaimWorkflow workflow,
      AssociationRegister associations,
      AssociationEndings endings) {
    this.tokens = tokens;
    this.claims = claims;
    this.history = history;
    this.workflow = workflow;
    this.associations = associations;
    this.endings = endings;
  }

  @Transactional(readOnly = true)
  public Request find(String token) {
    Optional<OptOutTokens.OptOut> optOut = tokens.verify(token);
    Optional<Claim> claim = optOut.flatMap(o -> claims.findById(o.claimId()));
    if (claim.isEmpty()) {
      return new Request(State.UNKNOWN, null, null, List.of());
    }
    List<Association> held =
        claim.get().status() == ClaimStatus.OFFICIAL
            ? associations.ofClaim(claim.get().id())
            : List.of();
    return new Request(stateOf(claim.get(), optOut.get(), held), claim.get(), optOut.get(), held);
  }

  /**
   * Ends the official association (all its workloads) for the customer; the reason is optional.
   * Ending twice is harmless: the second time finds it ended.
   */
  @Transactional
  public Request end(String token, String reason) {
    Request request = find(token);
    if (request.state() == State.OFFICIAL) {
      endings.endByCustomer(request.claim().id(), reason);
      return find(token);
    }
    return request;
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
    return new Request(State.DECLINED, claims.get(claim.id()), request.optOut(), List.of());
  }

  private static State stateOf(Claim claim, OptOutTokens.OptOut optOut, List<Association> held) {
    if (claim.status() == ClaimStatus.REJECTED
        && claim.rejectionReason() == RejectionReason.CUSTOMER_DECLINED) {
      return State.DECLINED;
    }
    if (claim.status() == ClaimStatus.OFFICIAL) {
      // The link no longer expires at the deadline, but once nothing of it is official.
      return held.stream().anyMatch(a -> a.status() == AssociationStatus.OFFICIAL)
          ? State.OFFICIAL
          : State.ENDED;
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
