package org.cpor.claims.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.StreamProvider;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mail's stream provider is named once, as the one its own search finds, so every mail is still
 * written by the same provider.
 */
class MailStreamProviderLookupTest {

  private String before;

  @BeforeEach
  void clear() {
    before = System.getProperty(MailStreamProviderLookup.PROPERTY);
    System.clearProperty(MailStreamProviderLookup.PROPERTY);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(MailStreamProviderLookup.PROPERTY);
    } else {
      System.setProperty(MailStreamProviderLookup.PROPERTY, before);
    }
  }

  @Test
  void namesTheProviderThatTheServiceLoaderFindsAndMailsAreWrittenWithIt() throws Exception {
    String found =
        ServiceLoader.load(StreamProvider.class).findFirst().orElseThrow().getClass().getName();

    new MailStreamProviderLookup();

    assertThat(System.getProperty(MailStreamProviderLookup.PROPERTY)).isEqualTo(found);
    assertThat(StreamProvider.provider().getClass().getName()).isEqualTo(found);
    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
    MimeMultipart parts = new MimeMultipart("alternative");
    MimeBodyPart text = new MimeBodyPart();
    text.setText("Grüße aus CPOR-42", "UTF-8");
    parts.addBodyPart(text);
    message.setContent(parts);
    message.setSubject("CPOR-42");
    message.saveChanges();
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    message.writeTo(written);
    assertThat(written.toString(StandardCharsets.US_ASCII))
        .contains("Subject: CPOR-42", "multipart/alternative", "CPOR-42");
  }

  @Test
  void keepsAProviderNamedByTheOperator() {
    System.setProperty(MailStreamProviderLookup.PROPERTY, "com.example.OwnProvider");

    assertThat(MailStreamProviderLookup.pin(getClass().getClassLoader()))
        .isEqualTo("com.example.OwnProvider");
    assertThat(System.getProperty(MailStreamProviderLookup.PROPERTY))
        .isEqualTo("com.example.OwnProvider");
  }
}
