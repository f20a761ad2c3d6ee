package org.cpor.claims.demo;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.cpor.claims.security.Roles;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The demo profile's users: two validators, a validator lead, an analyst and two partners (the
 * admin comes from camunda.bpm.admin-user).
 */
@Component
@Profile("demo")
class DemoUsers {

  private final IdentityService identityService;

  DemoUsers(IdentityService identityService) {
    this.identityService = identityService;
  }

  @EventListener
  public void create(ApplicationReadyEvent event) {
    group(Roles.VALIDATORS, "Microsoft validators");
    group(Roles.ANALYSTS, "Process analysts");
    group(Roles.PARTNERS, "Partners");
    group(Roles.partnerGroup("1000001"), "Partner One (MPN 1000001)");
    group(Roles.partnerGroup("1000002"), "Partner Two (MPN 1000002)");
    group(Roles.VALIDATOR_LEADS, "Microsoft validator leads");
    user("validator", "Vera", "Validator", Roles.VALIDATORS);
    // A second validator for the four-eyes rule: disputes go to a validator who did not reject.
    user("validator2", "Victor", "Validator", Roles.VALIDATORS);
    user("lead", "Lea", "Lead", Roles.VALIDATORS, Roles.VALIDATOR_LEADS);
    user("analyst", "Anton", "Analyst", Roles.ANALYSTS);
    user("partner1", "Pat", "Partner-One", Roles.PARTNERS, Roles.partnerGroup("1000001"));
    user("partner2", "Paula", "Partner-Two", Roles.PARTNERS, Roles.partnerGroup("1000002"));
  }

  private void group(String id, String name) {
    if (identityService.createGroupQuery().groupId(id).count() == 0) {
      Group group = identityService.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identityService.saveGroup(group);
    }
  }

  private void user(String id, String firstName, String lastName, String... groupIds) {
    if (identityService.createUserQuery().userId(id).count() == 0) {
      User user = identityService.newUser(id);
      user.setFirstName(firstName);
      user.setLastName(lastName);
      user.setPassword(id);
      user.setEmail(id + "@demo.example.com");
      identityService.saveUser(user);
      for (String groupId : groupIds) {
        identityService.createMembership(id, groupId);
      }
    }
  }
}
