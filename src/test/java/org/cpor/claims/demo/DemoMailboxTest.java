package org.cpor.claims.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.ui.ExtendedModelMap;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** The demo mailbox shows each mail's HTML part as a reader sees it, and its text. */
class DemoMailboxTest {

  private final GreenMail smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());

  @BeforeEach
  void start() {
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  @Test
  void showsTheHtmlAndTheTextPartOfEveryMail() throws Exception {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("localhost");
    sender.setPort(smtp.getSmtp().getPort());
    MimeMessage message = sender.createMimeMessage();
    message.setFrom("cpor@example.com");
    message.setRecipients(MimeMessage.RecipientType.TO, "chris@contoso.example.com");
    message.setSubject("Aanvraag voor een partnerassociatie CPOR-1: contoso.com", "UTF-8");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("Beste Chris, <geen opmaak>", "UTF-8");
    MimeBodyPart html = new MimeBodyPart();
    html.setText("<p>Beste <b>Chris</b></p>", "UTF-8", "html");
    message.setContent(new MimeMultipart("alternative", text, html));
    message.saveChanges();
    message.setHeader("Content-Language", "nl");
    sender.send(message);

    ExtendedModelMap model = new ExtendedModelMap();
    String view = new DemoMailboxController(smtp).mailbox(model);
    String page = render(view, model);

    assertThat(page)
        .contains(
            "1 mail(s) sent",
            "Aanvraag voor een partnerassociatie CPOR-1: contoso.com",
            "chris@contoso.example.com",
            "<strong>Language:</strong> <span>nl</span>",
            "srcdoc=\"&lt;p&gt;Beste &lt;b&gt;Chris&lt;/b&gt;&lt;/p&gt;\"",
            "Beste Chris, &lt;geen opmaak&gt;");
  }

  private static String render(String view, ExtendedModelMap model) {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setResolvablePatterns(Set.of("*"));
    SpringTemplateEngine engine = new SpringTemplateEngine();
    engine.setTemplateResolver(resolver);
    return engine.process(view, new Context(null, model));
  }
}
