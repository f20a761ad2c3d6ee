package org.cpor.claims.optout;

import java.util.Locale;
import org.cpor.claims.claim.Languages;

/**
 * The language of the opt-out page: the one the reader picked in the language switcher; else the
 * customer's language, unless the browser's Accept-Language names other supported languages and not
 * that one (someone the mail was forwarded to, in another country); else the browser's; else
 * English.
 */
final class PageLanguage {

  private PageLanguage() {}

  static Locale choose(String picked, String customerLanguage, String acceptLanguage) {
    if (Languages.isSupported(picked)) {
      return Languages.supported(picked);
    }
    String customer =
        Languages.isSupported(customerLanguage) ? Languages.supportedTag(customerLanguage) : null;
    if (customer != null
        && (acceptsAnyLanguage(acceptLanguage) || accepts(acceptLanguage, customer))) {
      return Locale.forLanguageTag(customer);
    }
    return Languages.fromAcceptLanguage(acceptLanguage)
        .map(Locale::forLanguageTag)
        .orElse(Languages.supported(customer));
  }

  /** No header, a malformed one, or one naming no supported language: the reader said nothing. */
  private static boolean acceptsAnyLanguage(String acceptLanguage) {
    return Languages.fromAcceptLanguage(acceptLanguage).isEmpty();
  }

  private static boolean accepts(String acceptLanguage, String language) {
    try {
      return Locale.LanguageRange.parse(acceptLanguage).stream()
          .anyMatch(
              range ->
                  range.getWeight() > 0
                      && (range.getRange().equals("*")
                          || range.getRange().split("-")[0].equals(language)));
    } catch (IllegalArgumentException malformed) {
      return true;
    }
  }
}
