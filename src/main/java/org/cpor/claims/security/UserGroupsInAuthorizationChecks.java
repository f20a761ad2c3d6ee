package org.cpor.claims.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;
import org.springframework.stereotype.Component;

/**
 * Authorization checks use the user's groups as they are. Before the first check of every command
 * the engine asks which groups have any authorization at all ({@code select distinct GROUP_ID_ from
 * ACT_RU_AUTHORIZATION}) to leave the user's other groups out of the check. That reads the whole
 * authorization table, and the table grows by one row per claim (its partner's READ grant on the
 * process instance): 1.1 ms per command on PostgreSQL with 5,000 rows in the benchmark, growing
 * with every claim, for every request of partners, validators and analysts. The filter pays off for
 * users in hundreds of directory groups; here users are in two or three, and a group without
 * authorizations matches no row, so every check answers the same without it. (Connect an LDAP whose
 * users are in hundreds of groups, and this plugin should go.)
 */
@Component
class UserGroupsInAuthorizationChecks extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<SessionFactory> factories = new ArrayList<>();
    if (configuration.getCustomSessionFactories() != null) {
      factories.addAll(configuration.getCustomSessionFactories());
    }
    factories.add(
        new SessionFactory() {
          @Override
          public Class<?> getSessionType() {
            return AuthorizationManager.class;
          }

          @Override
          public Session openSession() {
            return new UnfilteredGroups();
          }
        });
    configuration.setCustomSessionFactories(factories);
  }

  /**
   * The engine's authorization manager, without the read of every group that holds an
   * authorization.
   */
  static class UnfilteredGroups extends AuthorizationManager {

    @Override
    public List<String> filterAuthenticatedGroupIds(List<String> authenticatedGroupIds) {
      if (authenticatedGroupIds == null) {
        return List.of();
      }
      return new ArrayList<>(
          new LinkedHashSet<>(authenticatedGroupIds.stream().filter(Objects::nonNull).toList()));
    }
  }
}
