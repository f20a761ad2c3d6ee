package org.cpor.claims.notification;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.cpor.claims.association.Association;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRules;
import org.cpor.claims.claim.InformationReason;
import org.cpor.claims.claim.Languages;
import org.cpor.claims.claim.RejectionReason;
import org.cpor.claims.claim.Wording;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * The mails of the claim process, in the domain's words and the reader's language (the claim's
 * {@code customerLanguage} or {@code partnerLanguage}), each naming the claim. Every mail is {@code
 * multipart/alternative}: plain text and HTML from the same template keys ({@code templates/mail},
 * {@code messages*.properties}). A failure to send throws, so the async step that calls it becomes
 * a retried job and then an incident.
 */
@Component
public class ClaimMailer {

  /** Validator leads work in English, Microsoft's working language for the programme. */
  private static final Locale LEADS = Locale.ENGLISH;

  private final JavaMailSender sender;
  private final MailProperties properties;
  private final ClaimHistory history;
  private final Deadlines deadlines;
  private final SentMails sentMails;
  private final MailTemplates templates;
  private final Wording wording;

  public ClaimMailer(
      JavaMailSender sender,
      MailProperties properties,
      ClaimHistory history,
      Deadlines deadlines,
      SentMails sentMails,
      MailTemplates templates,
      Wording wording) {
    this.sender = sender;
    this.properties = properties;
    this.history = history;
    this.deadlines = deadlines;
    this.sentMails = sentMails;
    this.templates = templates;
    this.wording = wording;
  }

  /** The n-th request for more information on the claim (a claim may go back and forth). */
  public void informationRequested(
      Claim claim, int round, InformationReason reason, String comment, Instant deadline) {
    Locale locale = partnerLocale(claim);
    Map<String, Object> mail = partnerMail(claim);
    mail.put("reason", wording.reason(reason, locale));
    mail.put("comment", comment);
    mail.put("deadline", wording.lastMomentToAct(deadline, locale));
    send(
        claim,
        "information-request/" + round,
        claim.content().partnerContactEmail(),
        locale,
        wording.text("mail.information.subject", locale, claim.id()),
        "information-request",
        mail);
  }

  public void customerNotified(Claim claim, Instant optOutDeadline, String optOutLink) {
    Locale locale = Languages.supported(claim.content().customerLanguage());
    Map<String, Object> mail = claimMail(claim);
    mail.put("name", claim.content().customerContactName());
    mail.put("partner", wording.partnerIntroduction(claim, locale));
    mail.put("tenant", claim.content().customerTenantId());
    mail.put("deadline", wording.lastMomentToAct(optOutDeadline, locale));
    mail.put("link", optOutLink);
    mail.put("optOutContact", properties.optOutContact());
    send(
        claim,
        "customer-notification",
        claim.content().customerContactEmail(),
        locale,
        wording.text("mail.customer.subject", locale, claim.id(), claim.content().customerDomain()),
        "customer-notification",
        mail);
  }

  /**
   * The rejection and whether it may be disputed: until {@code disputeDeadline}, or not at all
   * ({@code null}) when the customer or the partner caused it.
   */
  public void rejected(
      Claim claim, RejectionReason reason, String detail, Instant disputeDeadline) {
    Locale locale = partnerLocale(claim);
    Map<String, Object> mail = partnerMail(claim);
    String label = wording.reason(reason, locale);
    mail.put("reason", label);
    mail.put("detail", detail == null || detail.isBlank() ? null : detail);
    mail.put(
        "disputeDeadline",
        disputeDeadline == null ? null : wording.lastMomentToAct(disputeDeadline, locale));
    // A Microsoft rejection without a dispute deadline: the claim ran on a model of a release
    // before disputes (see docs/upgrading.md), which has no wait for one.
    mail.put("beforeDisputes", disputeDeadline == null && reason.isDisputable());
    send(
        claim,
        "rejection",
        claim.content().partnerContactEmail(),
        locale,
        wording.text("mail.rejected.subject", locale, claim.id(), label),
        "rejection",
        mail);
  }

  /** The dispute review upheld the rejection: final. */
  public void disputeUpheld(Claim claim, RejectionReason reason, String comment) {
    Locale locale = partnerLocale(claim);
    Map<String, Object> mail = partnerMail(claim);
    mail.put("reason", wording.reason(reason, locale));
    mail.put("comment", comment);
    send(
        claim,
        "dispute-upheld",
        claim.content().partnerContactEmail(),
        locale,
        wording.text("mail.disputeUpheld.subject", locale, claim.id()),
        "dispute-upheld",
        mail);
  }

  /** Two business days before the deadline of the n-th request for more information. */
  public void informationReminder(Claim claim, int round, Instant deadline) {
    Locale locale = partnerLocale(claim);
    Map<String, Object> mail = partnerMail(claim);
    String by = wording.lastMomentToAct(deadline, locale);
    mail.put("deadline", by);
    send(
        claim,
        "information-reminder/" + round,
        claim.content().partnerContactEmail(),
        locale,
        wording.text("mail.reminder.subject", locale, claim.id(), by),
        "information-reminder",
        mail);
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
    Map<String, Object> mail = claimMail(claim);
    mail.put("review", reviewName);
    mail.put("due", deadlines.format(due));
    mail.put("partnerId", claim.partnerId());
    send(
        claim,
        "review-overdue/" + reviewId + "/" + leadId,
        leadEmail,
        LEADS,
        wording.text("mail.overdue.subject", LEADS, reviewName),
        "review-overdue",
        mail);
  }

  public void associationOfficial(Claim claim) {
    Locale locale = partnerLocale(claim);
    Map<String, Object> mail = partnerMail(claim);
    mail.put("tenant", claim.content().customerTenantId());
    send(
        claim,
        "official",
        claim.content().partnerContactEmail(),
        locale,
        wording.text("mail.official.subject", locale, claim.id()),
        "association-official",
        mail);
  }

  public void superseded(Claim supersededClaim, Association association) {
    Locale locale = partnerLocale(supersededClaim);
    Map<String, Object> mail = partnerMail(supersededClaim);
    mail.put("item", association.item());
    mail.put("tenant", association.customerTenantId());
    send(
        supersededClaim,
        "superseded/" + association.id(),
        supersededClaim.content().partnerContactEmail(),
        locale,
        wording.text("mail.superseded.subject", locale, supersededClaim.id(), association.item()),
        "superseded",
        mail);
  }

  /**
   * Associations of the claim ended (by the customer, the partner or the subscription's end); one
   * mail per ending, whatever the number of workloads.
   */
  public void associationEnded(Claim claim, List<Association> ended) {
    Locale locale = partnerLocale(claim);
    Association first = ended.get(0);
    String items = ended.stream().map(Association::item).collect(Collectors.joining(", "));
    Map<String, Object> mail = partnerMail(claim);
    mail.put("endedItems", items);
    mail.put("tenant", first.customerTenantId());
    mail.put("endedAt", wording.moment(first.endedAt(), locale));
    mail.put("endedBy", first.endedBy() == null ? "-" : wording.endedBy(first.endedBy(), locale));
    mail.put("endReason", first.endReason());
    send(
        claim,
        "association-ended/"
            + ended.stream().map(a -> String.valueOf(a.id())).collect(Collectors.joining("-")),
        claim.content().partnerContactEmail(),
        locale,
        wording.text("mail.associationEnded.subject", locale, claim.id(), items),
        "association-ended",
        mail);
  }

  private static Locale partnerLocale(Claim claim) {
    return Languages.supported(claim.content().partnerLanguage());
  }

  /** What every mail about a claim may show of it. */
  private static Map<String, Object> claimMail(Claim claim) {
    Map<String, Object> mail = new HashMap<>();
    mail.put("claimId", claim.id());
    mail.put("claimName", claim.content().claimName());
    mail.put("customerDomain", claim.content().customerDomain());
    mail.put("items", claim.content().itemList());
    return mail;
  }

  private static Map<String, Object> partnerMail(Claim claim) {
    Map<String, Object> mail = claimMail(claim);
    mail.put("name", claim.content().partnerContactName());
    return mail;
  }

  /**
   * Sends one mail of the claim, identified by {@code kind}: the same claim and kind is sent once,
   * even when the step that sends it runs again (see {@link SentMails}).
   */
  private void send(
      Claim claim,
      String kind,
      String to,
      Locale locale,
      String subject,
      String template,
      Map<String, Object> variables) {
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
    variables.put("subject", subject);
    MailTemplates.Rendered body = templates.render(template, locale, variables);
    try {
      MimeMessage message = sender.createMimeMessage();
      MimeMessageHelper helper =
          new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_NO, "UTF-8");
      helper.setFrom(properties.from());
      helper.setTo(to.trim());
      helper.setSubject(subject);
      // multipart/alternative: text first, HTML last (the richest part a client can show wins).
      MimeBodyPart text = new MimeBodyPart();
      text.setText(body.text(), "UTF-8");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(body.html(), "UTF-8", "html");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
      message.setContent(alternative);
      message.setHeader("Content-Language", locale.toLanguageTag());
      // RFC 3834: an automatic mail, so out-of-office replies and the like stay quiet.
      message.setHeader("Auto-Submitted", "auto-generated");
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
