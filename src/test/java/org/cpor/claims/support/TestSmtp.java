package org.cpor.claims.support;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The tests' SMTP server (GreenMail). Its port is 3025 unless {@code -Dcpor.test.smtp-port} says
 * otherwise, so that two test runs on one machine do not meet; the test profile's {@code
 * spring.mail.port} reads the same property.
 */
public final class TestSmtp {

  public static final int PORT = Integer.getInteger("cpor.test.smtp-port", 3025);

  private TestSmtp() {}

  /**
   * A fresh server for a test class ({@code @RegisterExtension static}); mailboxes are emptied per
   * test.
   */
  public static GreenMailExtension server() {
    // A busy machine (CI shares its cores) can take longer than GreenMail's default 2 s to start
    // it.
    ServerSetup setup = new ServerSetup(PORT, null, ServerSetup.PROTOCOL_SMTP);
    setup.setServerStartupTimeout(15_000);
    return new GreenMailExtension(setup);
  }
}
