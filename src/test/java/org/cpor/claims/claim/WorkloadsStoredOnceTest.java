package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A claim's workloads live in claim_workload only, in the order the partner gave them. Migration
 * V22 takes that order from the comma-separated copy it drops, on H2 and on PostgreSQL; the
 * repository reads and writes the list in that order, one claim or a page at a time.
 */
class WorkloadsStoredOnceTest {

  static EmbeddedPostgres postgres;
  static DataSource h2;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    h2 = memoryDatabase();
  }

  private static DataSource memoryDatabase() {
    JdbcDataSource memory = new JdbcDataSource();
    memory.setURL("jdbc:h2:mem:workloads-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return memory;
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @Test
  void theMigrationKeepsThePartnersOrderOnH2() {
    migrationKeepsThePartnersOrder(h2);
  }

  @Test
  void theMigrationKeepsThePartnersOrderOnPostgres() {
    migrationKeepsThePartnersOrder(postgres.getPostgresDatabase());
  }

  private static void migrationKeepsThePartnersOrder(DataSource dataSource) {
    flyway(dataSource, "21").migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    // As the application wrote them: the copy in the partner's order (a draft's with a workload
    // named twice), the rows once each, in no particular order.
    seedBeforeV22(jdbc, "CPOR-1", "Teams,Exchange,SharePoint", "SharePoint", "Teams", "Exchange");
    seedBeforeV22(jdbc, "CPOR-2", "Exchange,Teams", "Teams", "Exchange");
    seedBeforeV22(jdbc, "CPOR-3", "Intune,Teams,Intune", "Teams", "Intune");
    seedBeforeV22(jdbc, "CPOR-4", "Teams Phone,Teams", "Teams", "Teams Phone");
    seedBeforeV22(jdbc, "CPOR-5", null, "Teams");

    flyway(dataSource, "22").migrate();

    ClaimRepository claims = new ClaimRepository(jdbc, dataSource);
    assertThat(claims.get("CPOR-1").content().workloads())
        .containsExactly("Teams", "Exchange", "SharePoint");
    assertThat(claims.get("CPOR-2").content().workloads()).containsExactly("Exchange", "Teams");
    assertThat(claims.get("CPOR-3").content().workloads()).containsExactly("Intune", "Teams");
    assertThat(claims.get("CPOR-4").content().workloads()).containsExactly("Teams Phone", "Teams");
    assertThat(claims.get("CPOR-5").content().workloads()).containsExactly("Teams");
    assertThat(claims.pageOf("1000001", null, null, null, 10, 0))
        .extracting(claim -> claim.content().workloads())
        .containsExactly(
            List.of("Teams"),
            List.of("Teams Phone", "Teams"),
            List.of("Intune", "Teams"),
            List.of("Exchange", "Teams"),
            List.of("Teams", "Exchange", "SharePoint"));
    assertThat(columnsOfClaim(dataSource)).doesNotContain("workloads");
  }

  @Test
  void theRepositoryKeepsThePartnersOrderThroughCorrectionsAndPages() {
    DataSource dataSource = memoryDatabase();
    flyway(dataSource, "latest").migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    ClaimRepository claims = new ClaimRepository(jdbc, dataSource);
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    ClaimContent content = content(List.of("SharePoint", "Teams", "SharePoint", "Exchange"));

    claims.insert(Claim.draft("CPOR-10", "1000001", "Northwind", content, at));
    claims.insert(
        Claim.draft(
            "CPOR-11", "1000001", "Northwind", content(List.of("Intune")), at.plusSeconds(1)));

    assertThat(claims.get("CPOR-10").content().workloads())
        .containsExactly("SharePoint", "Teams", "Exchange");
    claims.updateContent("CPOR-10", content(List.of("Exchange", "Teams")), at.plusSeconds(2));
    assertThat(claims.get("CPOR-10").content().workloads()).containsExactly("Exchange", "Teams");
    claims.replaceWorkloads("CPOR-10", List.of("Teams", "Exchange", "Intune"));
    assertThat(claims.pageOf("1000001", ClaimStatus.DRAFT, null, null, 20, 0))
        .extracting(claim -> claim.id() + " " + claim.content().workloads())
        .containsExactly("CPOR-11 [Intune]", "CPOR-10 [Teams, Exchange, Intune]");
  }

  private static Flyway flyway(DataSource dataSource, String target) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .target(target)
        .load();
  }

  private static void seedBeforeV22(
      JdbcClient jdbc, String id, String copy, String... rowsInNoOrder) {
    jdbc.sql(
            """
            insert into claim (id, partner_id, claim_name, customer_tenant_id, solution_area, activity,
              workloads, status, submitted_at, updated_at)
            values (?, '1000001', ?, '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7', 'MICROSOFT_365', 'USAGE', ?,
              'UNDER_REVIEW', ?, ?)""")
        .params(
            id,
            "Claim " + id,
            copy,
            Timestamp.valueOf("2026-12-01 10:00:0" + id.charAt(5)),
            Timestamp.valueOf("2026-12-01 10:00:0" + id.charAt(5)))
        .update();
    for (String workload : rowsInNoOrder) {
      jdbc.sql("insert into claim_workload (claim_id, workload) values (?, ?)")
          .params(id, workload)
          .update();
    }
  }

  private static List<String> columnsOfClaim(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      List<String> columns = new ArrayList<>();
      ResultSet rs = connection.getMetaData().getColumns(null, null, "%laim", null);
      while (rs.next()) {
        if (rs.getString("TABLE_NAME").equalsIgnoreCase("claim")) {
          columns.add(rs.getString("COLUMN_NAME").toLowerCase());
        }
      }
      return columns;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ClaimContent content(List<String> workloads) {
    return new ClaimContent(
        "Contoso rollout",
        "contoso.com",
        "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7",
        "MICROSOFT_365",
        "USAGE",
        workloads,
        null,
        "Chris Customer",
        "IT lead",
        "chris@contoso.com",
        null,
        null,
        "Pat Partner",
        "pat@partner.example.com",
        "https://partner.example.com/sow.pdf",
        null,
        null,
        null,
        null,
        null,
        "en",
        "en");
  }
}
