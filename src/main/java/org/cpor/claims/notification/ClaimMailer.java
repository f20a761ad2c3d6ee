package org.cpor.claims.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.cpor.claims.association.Association;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRules;
import org.cpor.claims.claim.InformationReason;
import org.cpor.claims.claim.RejectionReason;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * The mails of the claim process, in the domain's words, each naming the claim. A failure to send
 * throws, so the async step that calls it becomes a retried job and then an incident.
 */
@Component
public class ClaimMailer {

  private final JavaMailSender sender;
  private final MailProperties properties;
  private final ClaimHistory history;
  private final Deadlines deadlines;
  private final SentMails sentMails;

  public ClaimMailer(
      JavaMailSender sender,
      MailProperties properties,
      ClaimHistory history,
      Deadlines deadlines,
      SentMails sentMails) {
    this.sender = sender;
    this.properties = properties;
    this.history = history;
    this.deadlines = deadlines;
    this.sentMails = sentMails;
  }

  /** The n-th request for more information on the claim (a claim may go back and forth). */
  public void informationRequested(
      Claim claim, int round, InformationReason reason, String comment, Instant deadline) {
    send(
        claim,
        "information-request/" + round,
        claim.content().partnerContactEmail(),
        "CPOR claim " + claim.id() + ": more information needed",
        """
        Dear %s,

        Microsoft needs more information to validate your CPOR claim %s ("%s") for %s (%s).

        What is needed: %s
        Validator's comment: %s

        Please answer by %s. Without an answer by then, the claim is rejected (no partner response).

        Claim: %s
        """
            .formatted(
                claim.content().partnerContactName(),
                claim.id(),
                claim.content().claimName(),
                claim.content().customerDomain(),
                claim.content().itemList(),
                reason.label(),
                comment,
                deadlines.lastMomentToAct(deadline),
                claim.id()));
  }

  public void customerNotified(Claim claim, Instant optOutDeadline, String optOutLink) {
    send(
        claim,
        "customer-notification",
        claim.content().customerContactEmail(),
        "Partner association request " + claim.id() + ": " + claim.content().customerDomain(),
        """
        Dear %s,

        %s
        has told Microsoft that it helped your organisation %s (tenant %s) with: %s.

        What this means: once the association is official, this partner is recognised as your partner
        of record for these workloads and may see usage and sold-seat data for them only. The partner
        sees no other data of yours. No action is needed from you.

        If you do not agree, you may opt out until %s. No account is needed:
        %s
        (or write to %s quoting request %s). After that date the association becomes official.

        Association request: %s
        """
            .formatted(
                claim.content().customerContactName(),
                claim.partnerIntroduction(),
                claim.content().customerDomain(),
                claim.content().customerTenantId(),
                claim.content().itemList(),
                deadlines.lastMomentToAct(optOutDeadline),
                optOutLink,
                properties.optOutContact(),
                claim.id(),
                claim.id()));
  }

  /**
   * The rejection and whether it may be disputed: until {@code disputeDeadline}, or not at all
   * ({@code null}) when the customer or the partner caused it.
   */
  public void rejected(
      Claim claim, RejectionReason reason, String detail, Instant disputeDeadline) {
    String dispute =
        disputeDeadline == null && reason.isDisputable()
            ? """
            This claim was decided under the rules before disputes were introduced: its rejection
            cannot be disputed. You may submit a new claim instead."""
            : disputeDeadline == null
                ? """
            This rejection cannot be disputed: the customer or you caused it (%s).
            Only a rejection Microsoft made may be disputed (once, within 30 days).
            You may submit a new claim instead."""
                    .formatted(reason.label())
                : """
            A rejected claim may be disputed once within 30 days. You may dispute this rejection
            until %s:
            POST /api/claims/%s/dispute with your business justification ("reason") and, if you
            have one, an updated proof of execution. A validator other than the one who rejected
            the claim reviews the dispute. After that date, submit a new claim instead."""
                    .formatted(deadlines.lastMomentToAct(disputeDeadline), claim.id());
    send(
        claim,
        "rejection",
        claim.content().partnerContactEmail(),
        "CPOR claim " + claim.id() + " rejected: " + reason.label(),
        """
        Dear %s,

        Your CPOR claim %s ("%s") for %s (%s) has been rejected.

        Reason: %s
        %s

        %s

        Claim: %s
        """
            .formatted(
                claim.content().partnerContactName(),
                claim.id(),
                claim.content().claimName(),
                claim.content().customerDomain(),
                claim.content().itemList(),
                reason.label(),
                detail == null ? "" : detail,
                dispute,
                claim.id()));
  }

  /** The dispute review upheld the rejection: final. */
  public void disputeUpheld(Claim claim, RejectionReason reason, String comment) {
    send(
        claim,
        "dispute-upheld",
        claim.content().partnerContactEmail(),
        "CPOR claim " + claim.id() + ": dispute reviewed, rejection upheld",
        """
        Dear %s,

        Microsoft has reviewed your dispute of the rejection of CPOR claim %s ("%s") for %s (%s).
        The rejection (%s) is upheld and final.

        Reviewer's comment: %s

        You may submit a new claim with new proof of execution.

        Claim: %s
        """
            .formatted(
                claim.content().partnerContactName(),
                claim.id(),
                claim.content().claimName(),
                claim.content().customerDomain(),
                claim.content().itemList(),
                reason.label(),
                comment,
                claim.id()));
  }

  /** Two business days before the deadline of the n-th request for more information. */
  public void informationReminder(Claim claim, int round, Instant deadline) {
    send(
        claim,
        "information-reminder/" + round,
        claim.content().partnerContactEmail(),
        "CPOR claim "
            + claim.id()
            + ": reminder, more information needed by "
            + deadlines.lastMomentToAct(deadline),
        """
        Dear %s,

        Microsoft is still waiting for the information it asked for on your CPOR claim %s ("%s")
        for %s (%s).

        Please answer by %s (POST /api/claims/%s/information). Without an answer by then, the claim
        is rejected (no partner response).

        Claim: %s
        """
            .formatted(
                claim.content().partnerContactName(),
                claim.id(),
                claim.content().claimName(),
                claim.content().customerDomain(),
                claim.content().itemList(),
                deadlines.lastMomentToAct(deadline),
                claim.id(),
                claim.id()));
  }

  /**
   * Tells one validator lead that a review is past its due date; once per lead and review task
   * ({@code reviewId}).
   */
  public void reviewOverdue(
      Claim claim,
      String reviewName,
      String reviewId,
      Instant due,
      String leadId,
      String leadEmail) {
    send(
        claim,
        "review-overdue/" + reviewId + "/" + leadId,
        leadEmail,
        "Overdue: " + reviewName,
        """
        Hello,

        The review "%s" was due %s and is still open.
        Its priority has been raised in Tasklist; please see that a validator takes it.

        Claim: %s, partner ID %s, customer %s, workloads %s
        """
            .formatted(
                reviewName,
                deadlines.format(due),
                claim.id(),
                claim.partnerId(),
                claim.content().customerDomain(),
                claim.content().itemList()));
  }

  public void associationOfficial(Claim claim) {
    send(
        claim,
        "official",
        claim.content().partnerContactEmail(),
        "CPOR claim " + claim.id() + ": association official",
        """
        Dear %s,

        The customer did not opt out: your association with %s (tenant %s) is official.
        You are partner of record for: %s.

        Claim: %s
        """
            .formatted(
                claim.content().partnerContactName(),
                claim.content().customerDomain(),
                claim.content().customerTenantId(),
                claim.content().itemList(),
                claim.id()));
  }

  public void superseded(Claim supersededClaim, Association association) {
    send(
        supersededClaim,
        "superseded/" + association.id(),
        supersededClaim.content().partnerContactEmail(),
        "CPOR claim "
            + supersededClaim.id()
            + ": association for "
            + association.item()
            + " superseded",
        """
        Dear %s,

        Another partner's claim for %s of %s (tenant %s) has become official. Your association
        from claim %s for this workload has therefore ended. Your other associations are unchanged.

        Claim: %s
        """
            .formatted(
                supersededClaim.content().partnerContactName(),
                association.item(),
                supersededClaim.content().customerDomain(),
                association.customerTenantId(),
                supersededClaim.id(),
                supersededClaim.id()));
  }

  /**
   * Associations of the claim ended (by the customer, the partner or the subscription's end); one
   * mail per ending, whatever the number of workloads.
   */
  public void associationEnded(Claim claim, List<Association> ended) {
    Association first = ended.get(0);
    String items = ended.stream().map(Association::item).collect(Collectors.joining(", "));
    send(
        claim,
        "association-ended/"
            + ended.stream().map(a -> String.valueOf(a.id())).collect(Collectors.joining("-")),
        claim.content().partnerContactEmail(),
        "CPOR claim " + claim.id() + ": association for " + items + " ended",
        """
        Dear %s,

        Your association with %s (tenant %s) for %s ended on %s.
        Ended by: %s
        Reason: %s

        You are no longer partner of record for it, and another partner may claim it. Ending is
        final: to hold it again, submit a new claim.

        Claim: %s
        """
            .formatted(
                claim.content().partnerContactName(),
                claim.content().customerDomain(),
                first.customerTenantId(),
                items,
                deadlines.format(first.endedAt()),
                first.endedBy() == null ? "-" : first.endedBy().label(),
                first.endReason() == null ? "none given" : first.endReason(),
                claim.id()));
  }

  /**
   * Sends one mail of the claim, identified by {@code kind}: the same claim and kind is sent once,
   * even when the step that sends it runs again (see {@link SentMails}).
   */
  private void send(Claim claim, String kind, String to, String subject, String text) {
    if (!ClaimRules.isEmail(to)) {
      // Retrying cannot help a claim without a usable address; the history says so instead.
      history.record(
          claim.id(),
          ClaimHistory.SYSTEM,
          ClaimEventType.EMAIL_NOT_SENT,
          "\"" + subject + "\" not sent: no valid address (" + to + ")");
      return;
    }
    String dedupKey = claim.id() + "/" + kind;
    if (sentMails.wasSent(dedupKey)) {
      history.record(
          claim.id(),
          ClaimHistory.SYSTEM,
          ClaimEventType.EMAIL_SENT,
          "To "
              + to.trim()
              + ": "
              + subject
              + " (sent before this step ran again; not sent twice)");
      return;
    }
    try {
      MimeMessage message = sender.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
      helper.setFrom(properties.from());
      helper.setTo(to.trim());
      helper.setSubject(subject);
      helper.setText(text);
      message.saveChanges();
      // The key travels as Message-ID, so mail systems downstream can drop a duplicate too.
      message.setHeader(
          "Message-ID",
          "<" + dedupKey.replace('/', '.') + "@" + properties.messageIdDomain() + ">");
      sender.send(message);
    } catch (MessagingException e) {
      throw new MailPreparationException("Cannot build the mail \"" + subject + "\"", e);
    }
    sentMails.recordSent(dedupKey, claim.id(), to.trim(), subject, EngineClock.now());
    history.record(
        claim.id(),
        ClaimHistory.SYSTEM,
        ClaimEventType.EMAIL_SENT,
        "To " + to.trim() + ": " + subject);
  }
}
