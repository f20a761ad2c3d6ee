package org.cpor.claims.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.stereotype.Component;

/**
 * Posts a delivery to its receiver. No redirects (a receiver must not send the application to an
 * address it would refuse); the JDK's trust store, or {@code cpor.webhooks.trust-store} in tests.
 */
@Component
class WebhookSender {

  private final HttpClient client;
  private final WebhookProperties properties;

  WebhookSender(WebhookProperties properties) {
    this.properties = properties;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(properties.connectTimeout());
    if (properties.trustStore() != null) {
      builder.sslContext(trusting(properties));
    }
    this.client = builder.build();
  }

  /** The receiver's HTTP status; an IOException when it cannot be reached or does not answer. */
  int post(String url, Map<String, String> headers, String body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(properties.readTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "CPOR-Claims-Webhooks/1")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + url, e);
    }
  }

  private static SSLContext trusting(WebhookProperties properties) {
    try (InputStream in = properties.trustStore().getInputStream()) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, properties.trustStorePassword().toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cpor.webhooks.trust-store cannot be read: " + properties.trustStore(), e);
    }
  }
}
