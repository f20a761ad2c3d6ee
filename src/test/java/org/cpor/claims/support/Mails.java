package org.cpor.claims.support;

import jakarta.mail.MessagingException;
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
        try {
          Matcher link = OPT_OUT_LINK.matcher(message.getContent().toString());
          if (link.find()) {
            return link.group(1);
          }
        } catch (MessagingException | IOException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new AssertionError("No opt-out link mailed for " + claimId);
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
