package org.cpor.claims.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.cpor.claims.claim.InformationReason;
import org.cpor.claims.claim.Languages;
import org.cpor.claims.claim.RejectionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every language says everything: each bundle has exactly the English bundle's keys, every key a
 * template or the code asks for exists, and every message formats.
 */
class MessageBundlesTest {

  private static final Path RESOURCES = Path.of("src", "main", "resources");
  private static final Path TEMPLATES = RESOURCES.resolve("templates");
  private static final Path SOURCES = Path.of("src", "main", "java");

  /** {@code #{key}} and {@code #{key(args)}} in templates. */
  private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.]+)[(}]");

  /** {@code #{'prefix.' + ${variable}}}: a key per supported language. */
  private static final Pattern TEMPLATE_LANGUAGE_KEY = Pattern.compile("#\\{'([A-Za-z0-9_.]+\\.)'");

  /** {@code text("key", …)} in Java. */
  private static final Pattern CODE_KEY =
      Pattern.compile("text\\(\\s*\"([A-Za-z0-9_.]+)\"\\s*[,)]");

  @ParameterizedTest(name = "messages_{0}")
  @ValueSource(strings = {"nl", "de", "fr"})
  void everyBundleHasEveryEnglishKeyAndNoOther(String language) throws IOException {
    Set<String> english = bundle("").stringPropertyNames();
    Set<String> other = bundle("_" + language).stringPropertyNames();

    assertThat(difference(english, other)).as("keys missing from messages_" + language).isEmpty();
    assertThat(difference(other, english)).as("keys only in messages_" + language).isEmpty();
  }

  @Test
  void thereIsABundleForEverySupportedLanguage() {
    for (String language : Languages.SUPPORTED) {
      String suffix = language.equals(Languages.DEFAULT) ? "" : "_" + language;
      assertThat(RESOURCES.resolve("messages" + suffix + ".properties")).exists();
    }
  }

  @Test
  void everyKeyATemplateUsesIsInTheBundles() throws IOException {
    Set<String> keys = bundle("").stringPropertyNames();
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String template = Files.readString(file);
        used.addAll(matches(TEMPLATE_KEY, template));
        for (String prefix : matches(TEMPLATE_LANGUAGE_KEY, template)) {
          Languages.SUPPORTED.forEach(language -> used.add(prefix + language));
        }
      }
    }

    assertThat(used).as("keys the templates use").hasSizeGreaterThan(50);
    assertThat(difference(used, keys)).as("keys used by templates but in no bundle").isEmpty();
  }

  @Test
  void everyKeyTheCodeAsksForIsInTheBundles() throws IOException {
    Set<String> keys = bundle("").stringPropertyNames();
    Set<String> used = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        used.addAll(matches(CODE_KEY, Files.readString(file)));
      }
    }
    Arrays.stream(RejectionReason.values()).forEach(r -> used.add("rejection.reason." + r.name()));
    Arrays.stream(InformationReason.values())
        .forEach(r -> used.add("information.reason." + r.name()));

    assertThat(used).contains("mail.customer.subject", "deadline.endOfDay");
    assertThat(difference(used, keys)).as("keys used by the code but in no bundle").isEmpty();
  }

  @ParameterizedTest(name = "messages{0}")
  @ValueSource(strings = {"", "_nl", "_de", "_fr"})
  void everyMessageFormatsAndKeepsItsApostrophes(String suffix) throws IOException {
    Properties bundle = bundle(suffix);
    for (String key : bundle.stringPropertyNames()) {
      String message = bundle.getProperty(key);
      // A straight apostrophe is MessageFormat's quote: it would swallow text and placeholders.
      assertThat(message).as(key).doesNotContain("'");
      Object[] args = {"A", "B", "C", "D", "E"};
      assertThat(new MessageFormat(message, Locale.ROOT).format(args)).as(key).doesNotContain("{");
    }
  }

  private static Properties bundle(String suffix) throws IOException {
    Properties properties = new Properties();
    try (Reader reader =
        Files.newBufferedReader(
            RESOURCES.resolve("messages" + suffix + ".properties"), StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }

  private static List<String> matches(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    List<String> found = new java.util.ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static Set<String> difference(Set<String> all, Set<String> minus) {
    Set<String> rest = new TreeSet<>(all);
    rest.removeAll(minus);
    return rest;
  }
}
