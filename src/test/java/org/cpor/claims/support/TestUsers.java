package org.cpor.claims.support;

import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.ServiceImpl;
import org.cpor.claims.security.Roles;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Users of Camunda's identity service for tests, in the product's roles. Creating twice is
 * harmless.
 */
public final class TestUsers {

  public static final String PASSWORD = "test-password-1";

  private TestUsers() {}

  /**
   * A partner user of the organisation with this MPN ID, registered in the partner directory
   * ({@link ClaimFixtures#registerPartner}) in the engine's database; returns its user id.
   */
  public static String partner(IdentityService identityService, String partnerId) {
    String userId = "partner-user-" + partnerId;
    user(identityService, userId, Roles.PARTNERS, Roles.partnerGroup(partnerId));
    DataSource dataSource =
        ((ServiceImpl) identityService)
            .getCommandExecutor()
            .execute(context -> context.getProcessEngineConfiguration().getDataSource());
    ClaimFixtures.registerPartner(JdbcClient.create(dataSource), partnerId);
    return userId;
  }

  /** The partner API as a user of this partner (registered as {@link #partner} does). */
  public static Http partnerApi(IdentityService identityService, int port, String partnerId) {
    return Http.to(port).as(partner(identityService, partnerId), PASSWORD);
  }

  /** The partner API as a user of a new partner, registered in the directory. */
  public static Http newPartnerApi(IdentityService identityService, int port) {
    return partnerApi(identityService, port, ClaimFixtures.newPartnerId());
  }

  public static String validator(IdentityService identityService) {
    user(identityService, "test-validator", Roles.VALIDATORS);
    return "test-validator";
  }

  /** A second validator, for the four-eyes rule of disputes. */
  public static String otherValidator(IdentityService identityService) {
    user(identityService, "test-validator-2", Roles.VALIDATORS);
    return "test-validator-2";
  }

  /** A validator lead (groups validators and validator-leads) with a mail address; its user id. */
  public static String lead(IdentityService identityService) {
    user(identityService, "test-lead", Roles.VALIDATORS, Roles.VALIDATOR_LEADS);
    var lead = identityService.createUserQuery().userId("test-lead").singleResult();
    if (lead.getEmail() == null) {
      lead.setEmail(leadEmail());
      identityService.saveUser(lead);
    }
    return "test-lead";
  }

  public static String leadEmail() {
    return "test-lead@validators.example.com";
  }

  /**
   * Runs {@code action} as a user of the partner with this MPN ID, as the partner API's filter
   * would have authenticated it.
   */
  public static <T> T asPartner(
      IdentityService identityService, String partnerId, Supplier<T> action) {
    identityService.setAuthentication(
        "partner-user-" + partnerId, List.of(Roles.PARTNERS, Roles.partnerGroup(partnerId)));
    try {
      return action.get();
    } finally {
      identityService.clearAuthentication();
    }
  }

  public static String analyst(IdentityService identityService) {
    user(identityService, "test-analyst", Roles.ANALYSTS);
    return "test-analyst";
  }

  public static void user(IdentityService identityService, String userId, String... groups) {
    for (String group : groups) {
      if (identityService.createGroupQuery().groupId(group).count() == 0) {
        identityService.saveGroup(identityService.newGroup(group));
      }
    }
    if (identityService.createUserQuery().userId(userId).count() == 0) {
      var user = identityService.newUser(userId);
      user.setPassword(PASSWORD);
      user.setFirstName(userId);
      user.setLastName("Test");
      identityService.saveUser(user);
      for (String group : groups) {
        identityService.createMembership(userId, group);
      }
    }
  }
}
