package org.cpor.claims.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.cpor.claims.claim.Languages;
import org.cpor.claims.claim.Wording;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Deadlines in the reader’s language (the bundles’ words, {@link Wording}), with the zone spelled
 * out.
 */
class LocalisedDeadlinesTest {

  static final ZoneId REDMOND = ZoneId.of("America/Los_Angeles");

  final Wording wording =
      new Wording(bundles(), new Deadlines(new BusinessCalendar(REDMOND, "US", List.of())));

  @ParameterizedTest(name = "{0}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "en | 2026-12-04T23:59 | Friday 4 December 2026, 23:59 Pacific Time",
        "nl | 2026-12-04T23:59 | vrijdag 4 december 2026, 23:59 (Pacific-tijd)",
        "de | 2026-12-04T23:59 | Freitag, 4. Dezember 2026, 23:59 Uhr (Nordamerikanische Westküstenzeit)",
        "fr | 2026-12-04T23:59 | vendredi 4 décembre 2026 à 23 h 59 (heure du Pacifique nord-américain)",
        "en | 2026-12-07T00:00 | the end of Sunday 6 December 2026, Pacific Time",
        "nl | 2026-12-07T00:00 | het einde van zondag 6 december 2026 (Pacific-tijd)",
        "de | 2026-12-07T00:00 | Sonntag, 6. Dezember 2026, 24:00 Uhr (Nordamerikanische Westküstenzeit)",
        "fr | 2026-12-07T00:00 | la fin du dimanche 6 décembre 2026 (heure du Pacifique nord-américain)",
        "es | 2026-12-04T10:00 | Friday 4 December 2026, 10:00 Pacific Time",
      })
  void aDeadlineReadsInTheReadersLanguage(String language, String at, String words) {
    Instant deadline = LocalDateTime.parse(at).atZone(REDMOND).toInstant();
    Locale locale = Languages.supported(language);

    assertThat(wording.lastMomentToAct(deadline, locale)).isEqualTo(words);
  }

  static ResourceBundleMessageSource bundles() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    return messages;
  }
}
