package org.cpor.claims.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The demo profile's embedded SMTP server: every mail the application sends lands here and can be
 * read at {@code /demo/mailbox}. Mails are kept in memory only.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
@ConditionalOnProperty(name = "cpor.demo.smtp-server", havingValue = "true", matchIfMissing = true)
class DemoMailServer {

  @Bean(initMethod = "start", destroyMethod = "stop")
  GreenMail demoSmtpServer(@Value("${spring.mail.port}") int port) {
    return new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
  }
}
