package org.cpor.claims.security;

import java.util.Set;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile the application refuses to start with a default admin password or
 * without a secret to sign the customers' opt-out links.
 */
@Component
@Profile("!demo")
class StartupSafetyChecks implements InitializingBean {

  static final int MIN_SECRET_LENGTH = 32;
  private static final Set<String> DEFAULT_PASSWORDS =
      Set.of("admin", "demo", "password", "changeme", "camunda");

  private final Environment environment;

  StartupSafetyChecks(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void afterPropertiesSet() {
    String secret = environment.getProperty("cpor.opt-out.token-secret", "");
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalStateException(
          "cpor.opt-out.token-secret must be set to at least "
              + MIN_SECRET_LENGTH
              + " characters: it signs the customers' opt-out links (set CPOR_OPTOUT_TOKENSECRET)");
    }
    String adminId = environment.getProperty("camunda.bpm.admin-user.id");
    String adminPassword = environment.getProperty("camunda.bpm.admin-user.password");
    if (adminId == null || adminPassword == null || adminPassword.isBlank()) {
      throw new IllegalStateException(
          "camunda.bpm.admin-user.id and .password must be set: without them the "
              + "first visitor of the webapps could create an administrator");
    }
    if (DEFAULT_PASSWORDS.contains(adminPassword.toLowerCase())
        || adminPassword.equalsIgnoreCase(adminId)) {
      throw new IllegalStateException(
          "camunda.bpm.admin-user.password is a default password; choose another one");
    }
  }
}
