package org.cpor.claims.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Which receiver URLs the application calls: HTTPS only, and no host that resolves to an address of
 * this machine or of a private network (the application must not become a way into its own network:
 * server-side request forgery). Hosts of {@code cpor.webhooks.allowed-hosts} are exempt from the
 * address rule, for the demo and tests. Checked when a webhook is registered and again before each
 * delivery (a name may resolve elsewhere later).
 */
@Component
class WebhookUrls {

  static final int MAX_LENGTH = 2000;

  private final Set<String> allowedHosts;

  WebhookUrls(WebhookProperties properties) {
    this.allowedHosts =
        properties.allowedHosts().stream()
            .map(host -> host.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Not a URL at all (400). */
  Optional<String> malformed(String url) {
    if (url == null || url.isBlank()) {
      return Optional.of("is required");
    }
    if (url.length() > MAX_LENGTH) {
      return Optional.of("must be at most " + MAX_LENGTH + " characters");
    }
    try {
      URI uri = new URI(url);
      if (!uri.isAbsolute() || uri.getHost() == null) {
        return Optional.of(
            "must be an absolute URL with a host, e.g. https://crm.example.com/cpor");
      }
    } catch (URISyntaxException e) {
      return Optional.of("must be a URL: " + e.getReason());
    }
    return Optional.empty();
  }

  /** A well-formed URL the application refuses to call (422), and why. */
  Optional<String> refused(String url) {
    URI uri = URI.create(url);
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      return Optional.of("must use https");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not contain credentials");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (allowedHosts.contains(host)) {
      return Optional.empty();
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Optional.of("host " + host + " cannot be resolved");
    }
    for (InetAddress address : addresses) {
      if (isInternal(address)) {
        return Optional.of(
            "must not resolve to a loopback, private or link-local address ("
                + host
                + " is "
                + address.getHostAddress()
                + ")");
      }
    }
    return Optional.empty();
  }

  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      // fc00::/7, unique local addresses (IPv6's private networks)
      return (bytes[0] & 0xfe) == 0xfc;
    }
    // 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    return (first == 100 && second >= 64 && second < 128) || first == 0;
  }
}
