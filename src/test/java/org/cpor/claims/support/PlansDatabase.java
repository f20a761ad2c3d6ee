package org.cpor.claims.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One embedded PostgreSQL with the application's tables (Flyway's migrations, no engine) holding
 * enough analysed rows that the planner prefers indexes: 200,000 claims of 1,000 partners (partner
 * {@value #BIG} holds a fifth), every tenth claim a subscription claim, and 120,000 associations
 * (official, superseded and ended). The workloads of three claims in ten are in {@code
 * claim_workload}, a history entry on one in five, a dispute on some rejected claims: enough rows
 * that the planner reads them by index, few enough to seed quickly. Seeded once per JVM for the
 * test classes that assert plans; never changed by them.
 *
 * <p>{@link #recorder()} runs the repositories' own statements and explains each of them with the
 * parameters it was given, so that a test asserts the plan of what the application sends.
 */
public final class PlansDatabase {

  public static final String BIG = "1000001";
  public static final String TENANT = "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7";
  public static final String SUBSCRIPTION = "0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d";
  public static final int CLAIMS = 200_000;
  public static final int ASSOCIATIONS = 120_000;

  private static PlansDatabase shared;

  private final EmbeddedPostgres postgres;
  private final JdbcClient jdbc;

  private PlansDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.jdbc = JdbcClient.create(postgres.getPostgresDatabase());
  }

  /** The seeded database, started and seeded by the first caller; stopped when the JVM ends. */
  public static synchronized PlansDatabase get() {
    if (shared == null) {
      try {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        postgres.close();
                      } catch (IOException ignored) {
                        // the JVM ends anyway
                      }
                    }));
        Flyway.configure()
            .dataSource(postgres.getPostgresDatabase())
            .locations("classpath:db/migration")
            .load()
            .migrate();
        shared = new PlansDatabase(postgres);
        shared.seed();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  public JdbcClient jdbc() {
    return jdbc;
  }

  public DataSource dataSource() {
    return postgres.getPostgresDatabase();
  }

  private void seed() {
    // Every tenth claim a subscription claim (Business Applications, one of 10,000 subscriptions).
    jdbc.sql(
            """
            insert into claim (id, partner_id, claim_name, customer_domain, customer_tenant_id, solution_area,
              activity, subscription_id, status, submitted_at, updated_at)
            select 'CPOR-' || g, case when g % 5 = 0 then :big else (2000000 + g % 999)::text end,
              'Seeded claim ' || g, 'c' || g || '.example.com', md5(g::text)::uuid::text,
              case when g % 10 = 7 then 'BUSINESS_APPLICATIONS' else 'MICROSOFT_365' end, 'USAGE',
              case when g % 10 = 7 then md5((g % 10000)::text || 's')::uuid::text end,
              (array['UNDER_REVIEW','APPROVED','OFFICIAL','REJECTED'])[1 + (g / 5) % 4],
              timestamp '2025-01-01' + g * interval '1 second', timestamp '2025-01-01' + g * interval '1 second'
            from generate_series(1, :claims) g""")
        .param("big", BIG)
        .param("claims", CLAIMS)
        .update();
    // Before the rows that refer to claims: their foreign key checks plan the claim lookup with
    // these statistics (without them, as a scan of the claim table per row).
    jdbc.sql("analyze claim").update();
    jdbc.sql(
            """
            insert into claim_workload (claim_id, workload, ordinal)
            select c.id, w.workload, w.ordinal from claim c
              join (values ('Teams', false, 0), ('Exchange', false, 1), ('Dynamics 365 Sales', true, 0))
                w (workload, subscription, ordinal)
                on w.subscription = (c.solution_area = 'BUSINESS_APPLICATIONS')
            where right(c.id, 1) in ('0', '4', '7')""")
        .update();
    jdbc.sql("analyze claim_workload").update();
    jdbc.sql(
            """
            insert into association (partner_id, customer_tenant_id, workload, subscription_id, claim_id, status,
              official_since, ended_at, ended_by)
            select case when g % 4 = 0 then :big else (2000000 + g % 999)::text end,
              case when g % 10 = 0 then :tenant else md5((g % 30000)::text)::uuid::text end,
              (array['Teams','Exchange','SharePoint','Intune','Dynamics 365 Sales'])[1 + g % 5],
              case when g % 5 = 4 then (case when g % 40 = 4 then :subscription
                else md5(g::text)::uuid::text end) end,
              'CPOR-' || (1 + g % 200000),
              case when g % 10 = 3 then 'SUPERSEDED' when g % 10 = 6 then 'ENDED' else 'OFFICIAL' end,
              timestamp '2025-01-01' + g * interval '1 second',
              case when g % 10 in (3, 6) then timestamp '2025-06-01' + g * interval '1 second' end,
              case when g % 10 = 6 then 'CUSTOMER' end
            from generate_series(1, :associations) g""")
        .param("big", BIG)
        .param("tenant", TENANT)
        .param("subscription", SUBSCRIPTION)
        .param("associations", ASSOCIATIONS)
        .update();
    jdbc.sql("analyze association").update();
    // A history entry per claim and a dispute on every tenth rejected claim (the claim's detail).
    jdbc.sql(
            """
            insert into claim_event (claim_id, occurred_at, actor, type, detail)
            select id, submitted_at, 'partner', 'SUBMITTED', 'Seeded' from claim where right(id, 1) in ('0', '7')""")
        .update();
    jdbc.sql(
            """
            insert into claim_dispute (claim_id, reason, submitted_by, submitted_at, rejection_reason,
              rejected_by, rejected_at)
            select id, 'Seeded dispute', 'partner', updated_at, 'INSUFFICIENT_PROOF_OF_EXECUTION', 'validator', updated_at
            from claim where status = 'REJECTED' and right(id, 1) = '7'""")
        .update();
    jdbc.sql("analyze claim_event").update();
    jdbc.sql("analyze claim_dispute").update();
  }

  /** The plan of this statement with these named parameters. */
  public String explain(String sql, Map<String, Object> params) {
    String plan =
        String.join("\n", jdbc.sql("explain " + sql).params(params).query(String.class).list());
    System.out.println("PLAN " + sql + "\n" + plan);
    return plan;
  }

  /** A recorder of the statements that the repositories built on {@link Recorder#jdbc()} send. */
  public Recorder recorder() {
    return new Recorder(dataSource());
  }

  /**
   * Records every statement prepared through its data source with the parameters set on it, and
   * explains them afterwards with the same parameters.
   */
  public static final class Recorder {

    private final DataSource target;
    private final List<Statement> statements = new ArrayList<>();
    private final DataSource recording;

    private record Statement(
        String sql, Map<Integer, Object[]> setters, Map<Integer, Method> how) {}

    Recorder(DataSource target) {
      this.target = target;
      this.recording =
          (DataSource)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {DataSource.class},
                  (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return method.getName().equals("getConnection")
                        ? connection((Connection) result)
                        : result;
                  });
    }

    public DataSource dataSource() {
      return recording;
    }

    public JdbcClient jdbc() {
      return JdbcClient.create(recording);
    }

    /** Forgets what was recorded so far. */
    public void clear() {
      statements.clear();
    }

    /** The plans of the statements recorded since the last {@link #clear()}, in their order. */
    public List<String> plans() throws SQLException {
      List<String> plans = new ArrayList<>();
      try (Connection connection = target.getConnection()) {
        for (Statement statement : statements) {
          try (PreparedStatement explain =
              connection.prepareStatement("explain " + statement.sql)) {
            for (Map.Entry<Integer, Object[]> set : statement.setters.entrySet()) {
              replay(explain, statement.how.get(set.getKey()), set.getValue());
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
              while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
              }
            }
            System.out.println("PLAN " + statement.sql + "\n" + plan);
            plans.add(plan.toString());
          }
        }
      }
      return plans;
    }

    private Connection connection(Connection connection) {
      return (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                Object result = invoke(connection, method, args);
                if (method.getName().equals("prepareStatement")) {
                  Statement statement =
                      new Statement((String) args[0], new TreeMap<>(), new TreeMap<>());
                  statements.add(statement);
                  return recording((PreparedStatement) result, statement);
                }
                return result;
              });
    }

    private PreparedStatement recording(PreparedStatement target, Statement statement) {
      InvocationHandler handler =
          (proxy, method, args) -> {
            if (method.getName().startsWith("set")
                && args != null
                && args.length >= 2
                && args[0] instanceof Integer index) {
              statement.setters.put(index, args.clone());
              statement.how.put(index, method);
            }
            return invoke(target, method, args);
          };
      return (PreparedStatement)
          Proxy.newProxyInstance(
              getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static void replay(PreparedStatement target, Method setter, Object[] args) {
      try {
        setter.invoke(target, args);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot replay " + setter, e);
      }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }
}
