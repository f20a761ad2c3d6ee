package org.cpor.claims.support;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what GreenMail received, without checked exceptions in every test. */
public final class Mails {

  private static final Pattern OPT_OUT_LINK =
      Pattern.compile("https?://[^/\\s]+(/opt-out/[A-Za-z0-9_\\-.]+)");

  private Mails() {}

  /**
   * The path of the opt-out link in the mail about this claim (the link's host is the configured
   * public URL, not the test's port).
   */
  public static String optOutPath(MimeMessage[] received, String claimId) {
    for (MimeMessage message : received) {
      if (Pattern.compile("\\b" + Pattern.quote(claimId) + "\\b")
          .matcher(subject(message))
          .find()) {
        Matcher link = OPT_OUT_LINK.matcher(text(message));
        if (link.find()) {
          return link.group(1);
        }
      }
    }
    throw new AssertionError("No opt-out link mailed for " + claimId);
  }

  /** The plain-text part of a mail (every mail is multipart/alternative: text and HTML). */
  public static String text(MimeMessage message) {
    return part(message, "text/plain");
  }

  /** The HTML part of a mail. */
  public static String html(MimeMessage message) {
    return part(message, "text/html");
  }

  private static String part(MimeMessage message, String type) {
    try {
      Object content = message.getContent();
      if (content instanceof Multipart parts) {
        for (int i = 0; i < parts.getCount(); i++) {
          BodyPart part = parts.getBodyPart(i);
          if (part.isMimeType(type)) {
            return part.getContent().toString();
          }
        }
        throw new AssertionError("No " + type + " part in \"" + message.getSubject() + "\"");
      }
      if (message.isMimeType(type)) {
        return content.toString();
      }
      throw new AssertionError("\"" + message.getSubject() + "\" is " + message.getContentType());
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String recipients(MimeMessage message) {
    try {
      return Arrays.toString(message.getAllRecipients());
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
