package org.cpor.claims.claim;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.association.EndedBy;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.security.CurrentUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ending official associations: by the customer (the signed link), by the partner (with a reason)
 * or when the subscription expires. Each way has the same effect: the association is {@code ENDED}
 * with time, who and why, the claim's history says so, and the partner is mailed (by a retried
 * job). An ended association holds nothing any more, so another partner's claim on the same
 * workload or subscription is not a competing claim.
 */
@Service
public class AssociationEndings {

  public static final int MAX_REASON = 2000;

  private final AssociationRegister associations;
  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final AssociationEndedMail mail;
  private final CurrentUser currentUser;

  AssociationEndings(
      AssociationRegister associations,
      ClaimRepository claims,
      ClaimHistory history,
      AssociationEndedMail mail,
      CurrentUser currentUser) {
    this.associations = associations;
    this.claims = claims;
    this.history = history;
    this.mail = mail;
    this.currentUser = currentUser;
  }

  /**
   * The customer ends every official association of the claim (the caller has verified the signed
   * link); the reason is optional. Returns the ended associations: none when nothing was official
   * any more (ended twice, or superseded meanwhile).
   */
  @Transactional
  public List<Association> endByCustomer(String claimId, String reason) {
    claims.lock(claimId);
    Claim claim = claims.get(claimId);
    return end(
        claim,
        officialOf(claimId),
        EndedBy.CUSTOMER,
        "customer " + claim.content().customerContactEmail(),
        reason == null || reason.isBlank() ? null : limited(reason.trim()));
  }

  /**
   * The partner ends one of its official associations, with a reason (required). 404 for an
   * association of another partner or none, 409 when it is not official (any more).
   */
  @Transactional
  public Association endByPartner(String associationId, String reason) {
    String partnerId = currentUser.partnerId().orElseThrow(ClaimProblems.NotAPartner::new);
    if (reason == null || reason.isBlank()) {
      throw ClaimProblems.InvalidInput.of(
          "reason", "is required: why the association ends (shown to validators and analysts)");
    }
    if (reason.length() > MAX_REASON) {
      throw ClaimProblems.InvalidInput.of(
          "reason", "must be at most " + MAX_REASON + " characters");
    }
    long id = parseId(associationId);
    Association association =
        associations
            .find(id)
            .filter(found -> found.partnerId().equals(partnerId))
            .orElseThrow(() -> new ClaimProblems.NotFound("Association " + associationId));
    claims.lock(association.claimId());
    association = associations.find(id).orElseThrow();
    if (association.status() != AssociationStatus.OFFICIAL) {
      throw new ClaimProblems.Conflict(
          "Association "
              + id
              + " is "
              + association.status()
              + (association.endedAt() == null ? "" : " since " + association.endedAt())
              + ": only an official association can be ended",
          association.claimId());
    }
    end(
        claims.get(association.claimId()),
        List.of(association),
        EndedBy.PARTNER,
        currentUser.userId().orElse("partner " + partnerId),
        reason.trim());
    return associations.find(id).orElseThrow();
  }

  /**
   * Ends every official association whose subscription's last day is before {@code today} (the
   * daily job). Running it again ends nothing more. Returns how many ended.
   */
  @Transactional
  public int endExpiredSubscriptions(LocalDate today) {
    int ended = 0;
    for (String claimId : associations.claimsWithSubscriptionEndedBefore(today)) {
      claims.lock(claimId);
      List<Association> expired =
          officialOf(claimId).stream()
              .filter(
                  a -> a.subscriptionEndDate() != null && a.subscriptionEndDate().isBefore(today))
              .toList();
      if (expired.isEmpty()) {
        continue; // ended by someone else meanwhile
      }
      ended +=
          end(
                  claims.get(claimId),
                  expired,
                  EndedBy.SUBSCRIPTION_EXPIRED,
                  ClaimHistory.SYSTEM,
                  "The subscription ended on " + expired.get(0).subscriptionEndDate())
              .size();
    }
    return ended;
  }

  private List<Association> officialOf(String claimId) {
    return associations.ofClaim(claimId).stream()
        .filter(a -> a.status() == AssociationStatus.OFFICIAL)
        .toList();
  }

  private List<Association> end(
      Claim claim, List<Association> official, EndedBy by, String actor, String reason) {
    Instant now = EngineClock.now();
    List<Long> ended =
        official.stream()
            .filter(a -> associations.end(a.id(), by, reason, now))
            .map(Association::id)
            .toList();
    if (ended.isEmpty()) {
      return List.of();
    }
    String items =
        official.stream()
            .filter(a -> ended.contains(a.id()))
            .map(Association::item)
            .collect(Collectors.joining(", "));
    history.record(
        claim.id(),
        actor,
        ClaimEventType.ASSOCIATION_ENDED,
        "Association for "
            + items
            + " ended by "
            + by.label()
            + (reason == null ? "" : ": " + reason));
    mail.schedule(claim.id(), ended);
    return ended.stream().map(id -> associations.find(id).orElseThrow()).toList();
  }

  private static String limited(String reason) {
    return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
  }

  private static long parseId(String associationId) {
    try {
      return Long.parseLong(associationId);
    } catch (NumberFormatException notAnId) {
      throw new ClaimProblems.NotFound("Association " + associationId);
    }
  }
}
