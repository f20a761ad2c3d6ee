package org.cpor.claims.claim;

import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages mails and the opt-out page are written in, and how a claim's language (a BCP 47 tag
 * such as {@code nl} or {@code fr-BE}) maps onto them: to the supported language it names, or to
 * English.
 */
public final class Languages {

  /** The languages with a message bundle; the first is the fallback. */
  public static final List<String> SUPPORTED = List.of("en", "nl", "de", "fr");

  public static final String DEFAULT = "en";

  private Languages() {}

  /** The supported language this tag asks for: "nl-BE" is Dutch; "es", null or rubbish English. */
  public static Locale supported(String tag) {
    return Locale.forLanguageTag(supportedTag(tag));
  }

  /** As {@link #supported(String)}, as a tag ("nl"). */
  public static String supportedTag(String tag) {
    if (tag == null || !isWellFormed(tag)) {
      return DEFAULT;
    }
    String language = Locale.forLanguageTag(tag.trim()).getLanguage();
    return SUPPORTED.contains(language) ? language : DEFAULT;
  }

  /** Whether this tag is given and supported (not merely falling back to English). */
  public static boolean isSupported(String tag) {
    return tag != null
        && isWellFormed(tag)
        && SUPPORTED.contains(Locale.forLanguageTag(tag.trim()).getLanguage());
  }

  /**
   * The supported language an {@code Accept-Language} header prefers most, if it names one ("de-CH,
   * de;q=0.9, en;q=0.5" is German); empty for none, a missing or a malformed header.
   */
  public static Optional<String> fromAcceptLanguage(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    try {
      for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
        String language = range.getRange().split("-")[0];
        if (range.getWeight() > 0 && SUPPORTED.contains(language)) {
          return Optional.of(language);
        }
      }
      return Optional.empty();
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  /** A well-formed BCP 47 tag ("nl", "fr-BE"), whether supported or not. */
  public static boolean isWellFormed(String tag) {
    if (tag == null || tag.isBlank()) {
      return false;
    }
    try {
      new Locale.Builder().setLanguageTag(tag.trim());
      return true;
    } catch (IllformedLocaleException e) {
      return false;
    }
  }
}
