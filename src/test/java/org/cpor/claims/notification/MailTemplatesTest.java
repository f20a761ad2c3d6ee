package org.cpor.claims.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cpor.claims.claim.Languages;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Every mail renders in every language, both parts: each key found (Thymeleaf writes a missing one
 * as {@code ??key_locale??}), the facts in, the HTML in the reader's language and the text free of
 * markup.
 */
class MailTemplatesTest {

  static final List<String> MAILS =
      List.of(
          "customer-notification",
          "information-request",
          "information-reminder",
          "rejection",
          "dispute-upheld",
          "association-official",
          "superseded",
          "association-ended",
          "review-overdue");

  final MailTemplates templates = new MailTemplates(bundles());

  static List<Arguments> mailsInEveryLanguage() {
    return MAILS.stream()
        .flatMap(mail -> Languages.SUPPORTED.stream().map(language -> Arguments.of(mail, language)))
        .toList();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("mailsInEveryLanguage")
  void rendersBothPartsWithEveryKeyAndFact(String mail, String language) {
    MailTemplates.Rendered rendered =
        templates.render(mail, Locale.forLanguageTag(language), facts());

    for (String part : List.of(rendered.html(), rendered.text())) {
      assertThat(part).doesNotContain("??", "${", "#{", "[(").contains("CPOR-42");
    }
    assertThat(rendered.html())
        .startsWith("<!DOCTYPE html>")
        .contains("<html lang=\"" + language + "\">")
        .doesNotContain("<img", "<script", "url(");
    assertThat(rendered.text()).doesNotContain("<p", "</", "&amp;", "&lt;");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("languages")
  void theCustomersLinkIsInBothParts(String language) {
    MailTemplates.Rendered rendered =
        templates.render("customer-notification", Locale.forLanguageTag(language), facts());

    assertThat(rendered.text()).contains("https://cpor.example.com/opt-out/abc.def");
    assertThat(rendered.html()).contains("href=\"https://cpor.example.com/opt-out/abc.def\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("languages")
  void htmlIsEscapedInTheHtmlPartOnly(String language) {
    Map<String, Object> facts = facts();
    facts.put("claimName", "Teams <b>& more</b>");
    MailTemplates.Rendered rendered =
        templates.render("information-request", Locale.forLanguageTag(language), facts);

    assertThat(rendered.html()).contains("Teams &lt;b&gt;&amp; more&lt;/b&gt;");
    assertThat(rendered.text()).contains("Teams <b>& more</b>");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("languages")
  void aRejectionDecidedBeforeDisputesOffersNone(String language) {
    Map<String, Object> facts = facts();
    facts.put("disputeDeadline", null);
    facts.put("beforeDisputes", true);
    Locale locale = Locale.forLanguageTag(language);
    MailTemplates.Rendered rendered = templates.render("rejection", locale, facts);

    String beforeDisputes = bundles().getMessage("mail.rejected.beforeDisputes", null, locale);
    String howToDispute =
        bundles().getMessage("mail.rejected.howToDispute", new Object[] {"CPOR-42"}, locale);
    assertThat(rendered.text()).contains(beforeDisputes).doesNotContain(howToDispute);
    assertThat(rendered.html()).doesNotContain("/api/claims/CPOR-42/dispute");
  }

  static List<String> languages() {
    return Languages.SUPPORTED;
  }

  private static Map<String, Object> facts() {
    Map<String, Object> facts = new HashMap<>();
    facts.put("subject", "Subject of CPOR-42");
    facts.put("claimId", "CPOR-42");
    facts.put("claimName", "Teams rollout");
    facts.put("customerDomain", "contoso.com");
    facts.put("items", "Teams, Exchange");
    facts.put("name", "Pat Partner");
    facts.put("partner", "Northwind Traders, Microsoft partner 1000001");
    facts.put("tenant", "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7");
    facts.put("deadline", "Friday 4 December 2026, 23:59 Pacific Time");
    facts.put("link", "https://cpor.example.com/opt-out/abc.def");
    facts.put("optOutContact", "cpor-optout@partners.example.com");
    facts.put("reason", "Duplicate");
    facts.put("comment", "Please send the signed statement of work.");
    facts.put("detail", "Duplicate of CPOR-41");
    facts.put("disputeDeadline", "Wednesday 30 December 2026, 10:00 Pacific Time");
    facts.put("item", "Teams");
    facts.put("review", "Validate claim CPOR-42");
    facts.put("due", "Monday 7 December 2026, 10:00 PST");
    facts.put("partnerId", "1000001");
    facts.put("endedItems", "Teams");
    facts.put("endedAt", "Monday 7 December 2026, 10:00 Pacific Time");
    facts.put("endedBy", "the customer");
    facts.put("endReason", "We work with another partner now.");
    return facts;
  }

  static ResourceBundleMessageSource bundles() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    return messages;
  }
}
