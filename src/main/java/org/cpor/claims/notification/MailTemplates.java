package org.cpor.claims.notification;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders a mail's two parts from {@code templates/mail/<name>.html} and {@code .txt}: the same
 * message keys, once as HTML and once as plain text. An engine of its own, so the web's view
 * resolution and the mails do not share template modes.
 */
@Component
class MailTemplates {

  /** A mail's parts in one language. */
  record Rendered(String html, String text) {}

  private final SpringTemplateEngine engine = new SpringTemplateEngine();

  MailTemplates(MessageSource messages) {
    engine.setTemplateEngineMessageSource(messages);
    engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
    engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
  }

  Rendered render(String name, Locale locale, Map<String, Object> variables) {
    Context context = new Context(locale, variables);
    context.setVariable("lang", locale.toLanguageTag());
    return new Rendered(
        engine.process("mail/" + name + ".html", context),
        engine.process("mail/" + name + ".txt", context));
  }

  private static ClassLoaderTemplateResolver resolver(
      TemplateMode mode, String pattern, int order) {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setTemplateMode(mode);
    resolver.setResolvablePatterns(Set.of(pattern));
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    resolver.setOrder(order);
    return resolver;
  }
}
