package org.cpor.claims.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
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

  public void rejected(Claim claim, RejectionReason reason, String detail) {
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

        A rejected claim may be disputed once within 30 days.

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
                claim.id()));
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
