package org.cpor.claims.notification;

import jakarta.mail.util.StreamProvider;
import java.util.ServiceLoader;
import org.springframework.stereotype.Component;

/**
 * Looks Jakarta Mail's stream provider up once instead of for every part of every mail. Jakarta
 * Mail 2.1 asks {@link ServiceLoader} for its {@link StreamProvider} each time a message, body part
 * or multipart is created or written (jakartaee/mail-api issues 699 and 861), and the service
 * loader reads {@code META-INF/services} of every jar on the class path each time: in the benchmark
 * a third of the job executor's CPU went to it. Mail's own lookup takes the class named by the
 * system property {@value #PROPERTY} first; naming there the provider that the service loader finds
 * gives the same provider without the search. A value set by the operator is kept.
 */
@Component
class MailStreamProviderLookup {

  static final String PROPERTY = StreamProvider.class.getName();

  MailStreamProviderLookup() {
    pin(MailStreamProviderLookup.class.getClassLoader());
  }

  /** The provider's class name now in the property, or null when there is none to name. */
  static String pin(ClassLoader classLoader) {
    String named = System.getProperty(PROPERTY);
    if (named != null) {
      return named;
    }
    return ServiceLoader.load(StreamProvider.class, classLoader)
        .findFirst()
        .map(provider -> provider.getClass().getName())
        .map(
            name -> {
              System.setProperty(PROPERTY, name);
              return name;
            })
        .orElse(null);
  }
}
