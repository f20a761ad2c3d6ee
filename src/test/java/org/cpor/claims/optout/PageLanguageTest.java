package org.cpor.claims.optout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which language the opt-out page speaks, for whom. */
class PageLanguageTest {

  @ParameterizedTest(name = "picked {0}, customer {1}, browser \"{2}\" → {3}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // The language switcher wins.
        "de | nl | nl-NL,nl;q=0.9      | de",
        // The customer's language, for a browser that accepts it or says nothing.
        "-  | nl | -                   | nl",
        "-  | nl | nl-NL,nl;q=0.9,en;q=0.8 | nl",
        "-  | nl-BE | en;q=0.8,nl;q=0.5 | nl",
        "-  | fr | *                   | fr",
        "-  | fr | es-ES               | fr",
        // Someone the mail reached elsewhere, whose browser asks for another supported language.
        "-  | nl | de-DE,de;q=0.9      | de",
        "-  | nl | en-US,en;q=0.9      | en",
        // No supported customer language (or no claim: an unknown link): the browser's.
        "-  | es | fr-CA,fr;q=0.9      | fr",
        "-  | -  | de                  | de",
        "-  | -  | -                   | en",
        "xx | -  | es                  | en",
        "-  | nl | ;;;not a header     | nl",
      })
  void choosesTheReadersLanguage(String picked, String customer, String accept, String page) {
    assertThat(PageLanguage.choose(picked, customer, accept).toLanguageTag()).isEqualTo(page);
  }
}
