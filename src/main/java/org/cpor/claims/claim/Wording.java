package org.cpor.claims.claim;

import java.time.Instant;
import java.util.Locale;
import org.cpor.claims.calendar.Deadlines;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The recurring phrases of mails and pages in the reader's language, from the message bundles
 * ({@code messages*.properties}): deadlines, who claims, the reasons.
 */
@Component
public class Wording {

  private final MessageSource messages;
  private final Deadlines deadlines;

  public Wording(MessageSource messages, Deadlines deadlines) {
    this.messages = messages;
    this.deadlines = deadlines;
  }

  public String text(String key, Locale locale, Object... args) {
    return messages.getMessage(key, args, locale);
  }

  /** "the end of Sunday 13 December 2026, Pacific Time", "vrijdag 4 december 2026, 23:59 (…)". */
  public String lastMomentToAct(Instant deadline, Locale locale) {
    Deadlines.LastMoment at = deadlines.lastMoment(deadline, locale);
    return at.endOfDay()
        ? text("deadline.endOfDay", locale, at.day(), at.zone())
        : text("deadline.at", locale, at.day(), at.time(), at.zone());
  }

  /** A moment that has passed: "Saturday 5 December 2026, 00:00 Pacific Time". */
  public String moment(Instant moment, Locale locale) {
    Deadlines.LastMoment at = deadlines.moment(moment, locale);
    return text("deadline.at", locale, at.day(), at.time(), at.zone());
  }

  /** Who ended an association, in words: "the customer". */
  public String endedBy(org.cpor.claims.association.EndedBy endedBy, Locale locale) {
    return text("association.endedBy." + endedBy.name(), locale);
  }

  /** Who claims, as a customer recognises it: organisation, partner ID and contact. */
  public String partnerIntroduction(Claim claim, Locale locale) {
    String name = claim.partnerName();
    return name == null || name.isBlank()
        ? text(
            "partner.introduction.unnamed",
            locale,
            claim.partnerId(),
            claim.content().partnerContactName(),
            claim.content().partnerContactEmail())
        : text(
            "partner.introduction",
            locale,
            name,
            claim.partnerId(),
            claim.content().partnerContactName(),
            claim.content().partnerContactEmail());
  }

  /** "Northwind Traders (Microsoft partner 1000001)". */
  public String partnerLabel(Claim claim, Locale locale) {
    String name = claim.partnerName();
    return name == null || name.isBlank()
        ? text("partner.label.unnamed", locale, claim.partnerId())
        : text("partner.label", locale, name, claim.partnerId());
  }

  public String reason(RejectionReason reason, Locale locale) {
    return text("rejection.reason." + reason.name(), locale);
  }

  public String reason(InformationReason reason, Locale locale) {
    return text("information.reason." + reason.name(), locale);
  }
}
