package org.cpor.claims.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * Shows what the demo SMTP server received, newest first, so the whole flow can be followed on one
 * machine.
 */
@RestController
@Profile("demo")
@ConditionalOnProperty(name = "cpor.demo.smtp-server", havingValue = "true", matchIfMissing = true)
class DemoMailboxController {

  private final GreenMail smtp;

  DemoMailboxController(GreenMail smtp) {
    this.smtp = smtp;
  }

  @GetMapping(value = "/demo/mailbox", produces = MediaType.TEXT_HTML_VALUE)
  String mailbox() throws MessagingException {
    MimeMessage[] messages = smtp.getReceivedMessages();
    StringBuilder html =
        new StringBuilder(
            """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo mailbox</title>
        <style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}article{border:1px solid #ccc;
        border-radius:6px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap}</style></head><body>
        <h1>Demo mailbox</h1>""");
    html.append("<p>")
        .append(messages.length)
        .append(" mail(s) sent by the application since it started.</p>");
    for (int i = messages.length - 1; i >= 0; i--) {
      MimeMessage message = messages[i];
      String to =
          Arrays.stream(message.getAllRecipients())
              .map(Object::toString)
              .collect(Collectors.joining(", "));
      html.append("<article><h2>")
          .append(HtmlUtils.htmlEscape(message.getSubject()))
          .append("</h2>")
          .append("<p><strong>To:</strong> ")
          .append(HtmlUtils.htmlEscape(to))
          .append(" <strong>Sent:</strong> ")
          .append(message.getSentDate())
          .append("</p><pre>")
          .append(HtmlUtils.htmlEscape(GreenMailUtil.getBody(message)))
          .append("</pre></article>");
    }
    return html.append("</body></html>").toString();
  }
}
