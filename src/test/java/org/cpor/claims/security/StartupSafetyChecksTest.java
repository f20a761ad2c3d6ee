package org.cpor.claims.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class StartupSafetyChecksTest {

  private static final String SECRET = "a-secret-of-at-least-32-characters-long";

  @Test
  void refusesToStartWithoutATokenSecret() {
    MockEnvironment environment =
        admin("ops", "s3cure-and-long").withProperty("cpor.opt-out.token-secret", "short");
    assertThatThrownBy(() -> new StartupSafetyChecks(environment).afterPropertiesSet())
        .hasMessageContaining("cpor.opt-out.token-secret");
  }

  @Test
  void refusesToStartWithADefaultOrMissingAdminPassword() {
    for (String password : new String[] {"admin", "Demo", "ops"}) {
      MockEnvironment environment =
          admin("ops", password).withProperty("cpor.opt-out.token-secret", SECRET);
      assertThatThrownBy(() -> new StartupSafetyChecks(environment).afterPropertiesSet())
          .hasMessageContaining("default password");
    }
    MockEnvironment noAdmin =
        new MockEnvironment().withProperty("cpor.opt-out.token-secret", SECRET);
    assertThatThrownBy(() -> new StartupSafetyChecks(noAdmin).afterPropertiesSet())
        .hasMessageContaining("camunda.bpm.admin-user");
  }

  @Test
  void startsWithASecretAndAChosenPassword() {
    MockEnvironment environment =
        admin("ops", "s3cure-and-long").withProperty("cpor.opt-out.token-secret", SECRET);
    assertThatCode(() -> new StartupSafetyChecks(environment).afterPropertiesSet())
        .doesNotThrowAnyException();
  }

  private static MockEnvironment admin(String id, String password) {
    return new MockEnvironment()
        .withProperty("camunda.bpm.admin-user.id", id)
        .withProperty("camunda.bpm.admin-user.password", password);
  }
}
