package org.cpor.claims.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.IdentityOperationResult;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * HTTP Basic credentials checked against Camunda's identity service, remembered for a short time
 * ({@code cpor.security.checked-credentials-ttl}, 30 s by default; 0 checks every request). A
 * partner system sends its password with every request, and each check cost a transaction with the
 * password, group and tenant queries (engine REST: three engine commands) before the request did
 * anything; Camunda's webapps likewise keep a session's groups for minutes.
 *
 * <p>Only successful checks are remembered, under the user and a keyed hash of the password (the
 * key is random per process), so a wrong password is always checked, and counted by the
 * failed-login limit. A change made through this node's identity service (password, user, group or
 * tenant membership, e.g. in Camunda Admin) forgets everything once it commits; a change made on
 * another node of a cluster takes effect here within the time to live.
 */
@Component
class CheckedCredentials {

  /** Who checked in: the user and its groups and tenants when the check was made. */
  record Caller(String userId, List<String> groups, List<String> tenants) {}

  private record Key(String userId, String passwordHash) {}

  private final ObjectProvider<IdentityService> identityService;
  private final TransactionTemplate transaction;
  private final Cache<Key, Caller> checked;
  private final boolean remembering;
  private final SecretKeySpec hashKey;
  private final AtomicLong changes = new AtomicLong();

  @Autowired
  CheckedCredentials(
      ObjectProvider<IdentityService> identityService,
      PlatformTransactionManager transactionManager,
      @Value("${cpor.security.checked-credentials-ttl:30s}") Duration timeToLive) {
    this(identityService, transactionManager, timeToLive, Ticker.systemTicker());
  }

  CheckedCredentials(
      ObjectProvider<IdentityService> identityService,
      PlatformTransactionManager transactionManager,
      Duration timeToLive,
      Ticker ticker) {
    this.identityService = identityService;
    this.transaction = new TransactionTemplate(transactionManager);
    this.remembering = !timeToLive.isZero() && !timeToLive.isNegative();
    this.checked =
        Caffeine.newBuilder()
            .expireAfterWrite(remembering ? timeToLive : Duration.ZERO)
            .maximumSize(10_000)
            .ticker(ticker)
            .build();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    this.hashKey = new SecretKeySpec(key, "HmacSHA256");
  }

  /**
   * The caller when the password is right (its groups and tenants in one transaction); null
   * otherwise.
   */
  Caller check(String userId, String password) {
    if (!remembering) {
      return checkNow(userId, password);
    }
    Key key = new Key(userId, hash(password));
    Caller caller = checked.getIfPresent(key);
    if (caller != null) {
      return caller;
    }
    long changesBefore = changes.get();
    caller = checkNow(userId, password);
    if (caller != null) {
      checked.put(key, caller);
      if (changes.get() != changesBefore) {
        // A change committed while this check read the old state: not remembered.
        checked.invalidate(key);
      }
    }
    return caller;
  }

  /** Forgets every remembered check (after a change of users, groups or memberships). */
  void forgetAll() {
    changes.incrementAndGet();
    checked.invalidateAll();
  }

  /** Not read-only: the identity service counts failed attempts. */
  private Caller checkNow(String userId, String password) {
    return transaction.execute(status -> load(userId, password));
  }

  private Caller load(String userId, String password) {
    IdentityService identity = identityService.getObject();
    if (!identity.checkPassword(userId, password)) {
      return null;
    }
    List<String> groups =
        identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    List<String> tenants =
        identity.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list().stream()
            .map(Tenant::getId)
            .toList();
    return new Caller(userId, groups, tenants);
  }

  private String hash(String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(hashKey);
      return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * Makes the engine's identity service forget the remembered checks when a change of users,
   * groups, tenants or memberships commits.
   */
  @Component
  static class ForgetOnIdentityChanges extends AbstractProcessEnginePlugin {

    private final ObjectProvider<CheckedCredentials> credentials;

    ForgetOnIdentityChanges(ObjectProvider<CheckedCredentials> credentials) {
      this.credentials = credentials;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
      if (configuration.getIdentityProviderSessionFactory() != null) {
        return; // another identity provider (e.g. LDAP): its changes are not made here
      }
      configuration.setIdentityProviderSessionFactory(
          new SessionFactory() {
            @Override
            public Class<?> getSessionType() {
              return DbIdentityServiceProvider.class;
            }

            @Override
            public Session openSession() {
              return new Forgetting(() -> credentials.getObject().forgetAll());
            }
          });
    }
  }

  /**
   * Camunda's database identity provider, forgetting the checks when one of its changes commits.
   */
  static class Forgetting extends DbIdentityServiceProvider {

    private final Runnable forget;

    Forgetting(Runnable forget) {
      this.forget = forget;
    }

    private IdentityOperationResult forgettingOnCommit(IdentityOperationResult result) {
      Context.getCommandContext()
          .getTransactionContext()
          .addTransactionListener(TransactionState.COMMITTED, context -> forget.run());
      return result;
    }

    @Override
    public IdentityOperationResult saveUser(User user) {
      return forgettingOnCommit(super.saveUser(user));
    }

    @Override
    public IdentityOperationResult deleteUser(String userId) {
      return forgettingOnCommit(super.deleteUser(userId));
    }

    @Override
    public IdentityOperationResult unlockUser(String userId) {
      return forgettingOnCommit(super.unlockUser(userId));
    }

    @Override
    public IdentityOperationResult saveGroup(Group group) {
      return forgettingOnCommit(super.saveGroup(group));
    }

    @Override
    public IdentityOperationResult deleteGroup(String groupId) {
      return forgettingOnCommit(super.deleteGroup(groupId));
    }

    @Override
    public IdentityOperationResult saveTenant(Tenant tenant) {
      return forgettingOnCommit(super.saveTenant(tenant));
    }

    @Override
    public IdentityOperationResult deleteTenant(String tenantId) {
      return forgettingOnCommit(super.deleteTenant(tenantId));
    }

    @Override
    public IdentityOperationResult createMembership(String userId, String groupId) {
      return forgettingOnCommit(super.createMembership(userId, groupId));
    }

    @Override
    public IdentityOperationResult deleteMembership(String userId, String groupId) {
      return forgettingOnCommit(super.deleteMembership(userId, groupId));
    }

    @Override
    public IdentityOperationResult createTenantUserMembership(String tenantId, String userId) {
      return forgettingOnCommit(super.createTenantUserMembership(tenantId, userId));
    }

    @Override
    public IdentityOperationResult createTenantGroupMembership(String tenantId, String groupId) {
      return forgettingOnCommit(super.createTenantGroupMembership(tenantId, groupId));
    }

    @Override
    public IdentityOperationResult deleteTenantUserMembership(String tenantId, String userId) {
      return forgettingOnCommit(super.deleteTenantUserMembership(tenantId, userId));
    }

    @Override
    public IdentityOperationResult deleteTenantGroupMembership(String tenantId, String groupId) {
      return forgettingOnCommit(super.deleteTenantGroupMembership(tenantId, groupId));
    }
  }
}
