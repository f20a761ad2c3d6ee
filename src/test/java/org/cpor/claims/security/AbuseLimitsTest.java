package org.cpor.claims.security;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Base64;
import org.camunda.bpm.engine.IdentityService;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Wrong passwords cannot lock a partner out: failed logins are limited per client address (here 5 a
 * minute), not per user; each partner's requests to the partner API are limited (here 5 a minute)
 * without touching the others. Calls "from elsewhere" come from other loopback addresses
 * (127.0.0.2, …).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.application.name=cpor-claims-abuse-limits",
      "cpor.abuse.failed-logins-per-address=5",
      "cpor.abuse.partner-requests=5"
    })
@ActiveProfiles("test")
@DirtiesContext
class AbuseLimitsTest {

  @LocalServerPort int port;
  @Autowired IdentityService identityService;

  @Test
  void wrongPasswordsSentByOthersDoNotLockThePartnerOut() throws IOException {
    String partner = TestUsers.partner(identityService, ClaimFixtures.newPartnerId());

    // Twelve wrong passwords reach the identity service from three addresses, four each (under
    // their limit): Camunda would delay and then lock the user; here the user stays free.
    for (String address : new String[] {"127.0.0.3", "127.0.0.4", "127.0.0.5"}) {
      for (int i = 0; i < 4; i++) {
        assertThat(get(address, "/api/claims", partner, "wrong-" + i)).startsWith("HTTP/1.1 401");
      }
    }
    // An attacker keeps trying from one address: after five failures that address waits.
    for (int i = 0; i < 20; i++) {
      assertThat(get("127.0.0.2", "/api/claims", partner, "guess-" + i))
          .matches(i < 5 ? "(?s)HTTP/1.1 401.*" : "(?s)HTTP/1.1 429.*Retry-After: \\d+.*");
    }
    assertThat(get("127.0.0.2", "/engine-rest/task?maxResults=1", partner, TestUsers.PASSWORD))
        .startsWith("HTTP/1.1 429");

    // The partner, from its own address, with its password.
    assertThat(Http.to(port).as(partner, TestUsers.PASSWORD).get("/api/claims").status())
        .isEqualTo(200);
    assertThat(get("127.0.0.6", "/api/claims", partner, TestUsers.PASSWORD))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void aPartnerOverItsLimitWaitsAndAnotherPartnerDoesNot() {
    Http busy = TestUsers.newPartnerApi(identityService, port);
    Http other = TestUsers.newPartnerApi(identityService, port);

    for (int i = 0; i < 5; i++) {
      assertThat(busy.get("/api/claims").status()).isEqualTo(200);
    }
    Http.Answer limited = busy.get("/api/claims");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isEqualTo("60");
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    assertThat(limited.json().get("detail").asText()).contains("more requests than its limit");

    assertThat(other.get("/api/claims").status()).isEqualTo(200);
  }

  /** A GET from another local address (the status line and headers of the answer). */
  private String get(String fromAddress, String path, String user, String password)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(fromAddress, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(15_000);
      String credentials =
          Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                  + credentials
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
      StringBuilder head = new StringBuilder();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        head.append(line).append('\n');
      }
      return head.toString();
    }
  }
}
