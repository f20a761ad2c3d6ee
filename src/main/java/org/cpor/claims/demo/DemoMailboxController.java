package org.cpor.claims.demo;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Shows what the demo SMTP server received, newest first, so the whole flow can be followed on one
 * machine: each mail's HTML part as a reader sees it (sandboxed) and its plain-text part.
 */
@Controller
@Profile("demo")
@ConditionalOnProperty(name = "cpor.demo.smtp-server", havingValue = "true", matchIfMissing = true)
class DemoMailboxController {

  /** One received mail, as the mailbox page shows it. */
  record Mail(String subject, String to, Date sent, String language, String text, String html) {}

  private final GreenMail smtp;

  DemoMailboxController(GreenMail smtp) {
    this.smtp = smtp;
  }

  @GetMapping("/demo/mailbox")
  String mailbox(Model model) throws MessagingException, IOException {
    MimeMessage[] messages = smtp.getReceivedMessages();
    List<Mail> mails = new ArrayList<>();
    for (int i = messages.length - 1; i >= 0; i--) {
      MimeMessage message = messages[i];
      mails.add(
          new Mail(
              message.getSubject(),
              Arrays.stream(message.getAllRecipients())
                  .map(Object::toString)
                  .collect(Collectors.joining(", ")),
              message.getSentDate(),
              message.getHeader("Content-Language", ","),
              part(message, "text/plain"),
              part(message, "text/html")));
    }
    model.addAttribute("mails", mails);
    return "demo/mailbox";
  }

  private static String part(MimeMessage message, String type)
      throws MessagingException, IOException {
    Object content = message.getContent();
    if (content instanceof Multipart parts) {
      for (int i = 0; i < parts.getCount(); i++) {
        BodyPart part = parts.getBodyPart(i);
        if (part.isMimeType(type)) {
          return part.getContent().toString();
        }
      }
      return null;
    }
    return message.isMimeType(type) ? content.toString() : null;
  }
}
