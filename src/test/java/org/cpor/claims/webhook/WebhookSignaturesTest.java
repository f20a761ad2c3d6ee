package org.cpor.claims.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The signature matches the Standard Webhooks specification's published test vector, so receivers
 * verify deliveries with any of its libraries; secrets are 32 random bytes; the address rule knows
 * the internal ranges.
 */
class WebhookSignaturesTest {

  @Test
  void signsLikeTheStandardWebhooksTestVector() {
    assertThat(
            WebhookSignatures.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}"))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void secretsAreThirtyTwoRandomBytes() {
    String secret = WebhookSignatures.newSecret();
    assertThat(secret).startsWith("whsec_").isNotEqualTo(WebhookSignatures.newSecret());
    assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);
  }

  @Test
  void internalAddressesAreKnownAndPublicOnesPass() throws UnknownHostException {
    for (String internal :
        new String[] {
          "127.0.0.1",
          "10.0.0.1",
          "172.16.0.1",
          "172.31.255.254",
          "192.168.0.1",
          "169.254.169.254",
          "100.64.0.1",
          "0.0.0.0",
          "224.0.0.1",
          "::1",
          "fe80::1",
          "fc00::1",
          "fd12:3456::1",
          "::"
        }) {
      assertThat(WebhookUrls.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
    }
    for (String external :
        new String[] {"8.8.8.8", "172.32.0.1", "100.128.0.1", "20.190.128.1", "2001:4860::8888"}) {
      assertThat(WebhookUrls.isInternal(InetAddress.getByName(external))).as(external).isFalse();
    }
  }
}
