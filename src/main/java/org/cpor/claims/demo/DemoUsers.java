package org.cpor.claims.demo;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The demo profile's users: a validator and an analyst (the admin comes from camunda.bpm.admin-user). */
@Component
@Profile("demo")
class DemoUsers {

  private final IdentityService identityService;

  DemoUsers(IdentityService identityService) {
    this.identityService = identityService;
  }

  @EventListener
  public void create(ApplicationReadyEvent event) {
    group("validators", "Microsoft validators");
    group("analysts", "Process analysts");
    user("validator", "Vera", "Validator", "validators");
    user("analyst", "Anton", "Analyst", "analysts");
  }

  private void group(String id, String name) {
    if (identityService.createGroupQuery().groupId(id).count() == 0) {
      Group group = identityService.newGroup(id);
      group.setName(name);
      group.setType("WORKFLOW");
      identityService.saveGroup(group);
    }
  }

  private void user(String id, String firstName, String lastName, String groupId) {
    if (identityService.createUserQuery().userId(id).count() == 0) {
      User user = identityService.newUser(id);
      user.setFirstName(firstName);
      user.setLastName(lastName);
      user.setPassword(id);
      user.setEmail(id + "@demo.example.com");
      identityService.saveUser(user);
      identityService.createMembership(id, groupId);
    }
  }
}
