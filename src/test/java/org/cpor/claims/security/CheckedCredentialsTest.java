package org.cpor.claims.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A partner's HTTP Basic login is checked once and remembered for a short time, on the partner API
 * and on engine REST; a change of password or membership through the identity service (Camunda
 * Admin's way) takes effect at the next request, and a wrong password is always refused.
 */
@CporSpringTest
class CheckedCredentialsTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired ObjectProvider<IdentityService> identityServices;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired JdbcClient jdbc;

  private String partnerUser;

  @BeforeEach
  void setUp() {
    partnerUser = TestUsers.partner(identityService, ClaimFixtures.newPartnerId());
  }

  @Test
  void aChangedPasswordTakesEffectAtTheNextRequest() {
    Http before = Http.to(port).as(partnerUser, TestUsers.PASSWORD);
    assertThat(before.get("/api/claims").status()).isEqualTo(200);
    assertThat(before.get("/engine-rest/process-definition/count").status()).isEqualTo(200);

    User user = identityService.createUserQuery().userId(partnerUser).singleResult();
    user.setPassword("a-new-password-2");
    identityService.saveUser(user);

    assertThat(before.get("/api/claims").status()).isEqualTo(401);
    assertThat(before.get("/engine-rest/process-definition/count").status()).isEqualTo(401);
    Http after = Http.to(port).as(partnerUser, "a-new-password-2");
    assertThat(after.get("/api/claims").status()).isEqualTo(200);
    assertThat(after.get("/engine-rest/process-definition/count").status()).isEqualTo(200);
  }

  @Test
  void aRemovedMembershipTakesEffectAtTheNextRequest() {
    Http partner = Http.to(port).as(partnerUser, TestUsers.PASSWORD);
    assertThat(partner.get("/api/claims").status()).isEqualTo(200);

    identityService.deleteMembership(partnerUser, Roles.PARTNERS);

    assertThat(partner.get("/api/claims").status()).isEqualTo(403);
  }

  @Test
  void aWrongPasswordIsRefusedEvenRightAfterTheRightOne() {
    assertThat(Http.to(port).as(partnerUser, TestUsers.PASSWORD).get("/api/claims").status())
        .isEqualTo(200);
    assertThat(Http.to(port).as(partnerUser, "wrong").get("/api/claims").status()).isEqualTo(401);
    assertThat(
            Http.to(port)
                .as(partnerUser, "wrong")
                .get("/engine-rest/process-definition/count")
                .status())
        .isEqualTo(401);
    assertThat(Http.to(port).as(partnerUser, TestUsers.PASSWORD).get("/api/claims").status())
        .isEqualTo(200);
  }

  @Test
  void aChangeMadeElsewhereTakesEffectWhenTheRememberedCheckExpires() {
    AtomicLong nanos = new AtomicLong();
    Ticker clock = nanos::get;
    CheckedCredentials credentials =
        new CheckedCredentials(identityServices, transactionManager, Duration.ofSeconds(30), clock);
    assertThat(credentials.check(partnerUser, TestUsers.PASSWORD).groups())
        .contains(Roles.PARTNERS);

    // As another node's change: straight in the database, past this node's identity service.
    jdbc.sql("delete from act_id_membership where user_id_ = ? and group_id_ = ?")
        .params(partnerUser, Roles.PARTNERS)
        .update();

    nanos.addAndGet(Duration.ofSeconds(29).toNanos());
    assertThat(credentials.check(partnerUser, TestUsers.PASSWORD).groups())
        .contains(Roles.PARTNERS);
    nanos.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(credentials.check(partnerUser, TestUsers.PASSWORD).groups())
        .doesNotContain(Roles.PARTNERS);
    assertThat(credentials.check(partnerUser, "wrong")).isNull();
  }

  @Test
  void withATimeToLiveOfZeroEveryRequestIsChecked() {
    CheckedCredentials credentials =
        new CheckedCredentials(
            identityServices, transactionManager, Duration.ZERO, Ticker.systemTicker());
    assertThat(credentials.check(partnerUser, TestUsers.PASSWORD).groups())
        .contains(Roles.PARTNERS);

    jdbc.sql("delete from act_id_membership where user_id_ = ? and group_id_ = ?")
        .params(partnerUser, Roles.PARTNERS)
        .update();

    assertThat(credentials.check(partnerUser, TestUsers.PASSWORD).groups())
        .doesNotContain(Roles.PARTNERS);
  }
}
