package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.support.PlansDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partner's lists on PostgreSQL read their indexes in order: a page walks as many index entries
 * as it shows (no Seq Scan, no Sort), however many claims the partner holds. A filter that matches
 * a handful of rows may be planned as a bitmap scan of the same index and a sort of that handful,
 * which is as cheap; the filter values here match thousands of the large partner's rows. The
 * application's tables ({@link PlansDatabase}) hold 200,000 claims and 120,000 associations of
 * 1,000 partners, of which partner {@value #BIG} holds a fifth of the claims and a quarter of the
 * associations; statistics are fresh (ANALYZE). The statements are the repositories' own.
 */
class PartnerListPlansOnPostgresTest {

  static final String BIG = PlansDatabase.BIG;
  static final String TENANT = PlansDatabase.TENANT;
  static final String SUBSCRIPTION = PlansDatabase.SUBSCRIPTION;
  static final Instant MIDDLE = Instant.parse("2025-01-02T00:00:00Z");

  static PlansDatabase database;

  @BeforeAll
  static void seed() {
    database = PlansDatabase.get();
  }

  @Test
  void claimPagesWalkTheIndexOfTheirSortWithAndWithoutStatus() {
    assertWalks(
        plan(ClaimRepository.pageQuery(BIG, null, null, null, 21, 0)),
        "claim",
        "claim_partner_submitted_idx");
    assertWalks(
        plan(ClaimRepository.pageQuery(BIG, null, MIDDLE, "CPOR-86400", 21, 0)),
        "claim",
        "claim_partner_submitted_idx");
    assertWalks(
        plan(ClaimRepository.pageQuery(BIG, ClaimStatus.UNDER_REVIEW, null, null, 21, 0)),
        "claim",
        "claim_partner_status_submitted_idx");
    assertWalks(
        plan(ClaimRepository.pageQuery(BIG, ClaimStatus.OFFICIAL, MIDDLE, "CPOR-86400", 21, 0)),
        "claim",
        "claim_partner_status_submitted_idx");
  }

  @Test
  void thePagesAndBatchesWorkloadsAreOneIndexReadForAllTheirClaims() {
    // A page's 21 claims and the most one statement asks for (an export batch of 1,000 is read in
    // slices of this size): the large partner's newest, as the lists read them.
    for (int size : List.of(21, ClaimRepository.WORKLOAD_KEYS)) {
      List<String> ids =
          database
              .jdbc()
              .sql(
                  "select id from claim where partner_id = ? order by submitted_at desc, id desc"
                      + " limit ?")
              .params(BIG, size)
              .query(String.class)
              .list();
      ClaimRepository.Query query = ClaimRepository.workloadsQuery(ids);
      String plan = explain(query.sql(), query.params());
      // Many keys are planned as a bitmap of the index: still one index probe per claim.
      assertThat(plan)
          .as(plan)
          .containsPattern(
              "(Index (Only )?Scan using claim_workload_\\w+ on claim_workload"
                  + "|Bitmap Index Scan on claim_workload_\\w+)")
          .doesNotContain("Seq Scan")
          .doesNotContain("Sort");
    }
  }

  @Test
  void associationPagesWalkTheIndexOfTheirFilter() {
    assertWalks(
        plan(associations(filter(null, null, null), null)),
        "association",
        "association_partner_since_idx");
    assertWalks(
        plan(associations(filter(null, null, null), MIDDLE)),
        "association",
        "association_partner_since_idx");
    assertWalks(
        plan(
            AssociationRegister.pageQuery(
                new AssociationRegister.Filter(BIG, AssociationStatus.SUPERSEDED, null, null, null),
                null,
                null,
                21)),
        "association",
        "association_partner_since_idx");
    assertWalks(
        plan(associations(filter(TENANT, null, null), MIDDLE)),
        "association",
        "association_partner_tenant_idx");
    assertWalks(
        plan(associations(filter(null, "Exchange", null), MIDDLE)),
        "association",
        "association_partner_workload_idx");
    assertWalks(
        plan(associations(filter(null, null, SUBSCRIPTION), null)),
        "association",
        "association_partner_subscription_idx");
  }

  @Test
  void csvExportsOfTheLargePartnerWalkTheSameIndexesBatchByBatch() {
    // The exports read batches of 1,000 with the lists' statements: the first and a later one.
    int batch = ClaimRepository.EXPORT_BATCH;
    assertWalks(
        plan(ClaimRepository.pageQuery(BIG, null, null, null, batch, 0)),
        "claim",
        "claim_partner_submitted_idx");
    assertWalks(
        plan(ClaimRepository.pageQuery(BIG, ClaimStatus.REJECTED, MIDDLE, "CPOR-86400", batch, 0)),
        "claim",
        "claim_partner_status_submitted_idx");
    assertWalks(
        plan(AssociationRegister.pageQuery(filter(null, null, null), MIDDLE, 86_400L, batch)),
        "association",
        "association_partner_since_idx");
    assertWalks(
        plan(AssociationRegister.pageQuery(filter(null, "Teams", null), null, null, batch)),
        "association",
        "association_partner_workload_idx");
  }

  private static AssociationRegister.Filter filter(
      String tenant, String workload, String subscription) {
    return new AssociationRegister.Filter(
        BIG, AssociationStatus.OFFICIAL, tenant, workload, subscription);
  }

  private static AssociationRegister.Query associations(
      AssociationRegister.Filter filter, Instant after) {
    return AssociationRegister.pageQuery(filter, after, after == null ? null : 86_400L, 21);
  }

  /** An index scan (plain or index-only) of this index of this table, and nothing else on it. */
  private static void assertWalks(String plan, String table, String index) {
    assertThat(plan)
        .as(plan)
        .containsPattern("Index (Only )?Scan (Backward )?using " + index + " on " + table)
        .doesNotContain("Seq Scan")
        .doesNotContain("Sort")
        .doesNotContain("Bitmap");
  }

  private static String plan(ClaimRepository.Query query) {
    return explain(query.sql(), query.params());
  }

  private static String plan(AssociationRegister.Query query) {
    return explain(query.sql(), query.params());
  }

  private static String explain(String sql, Map<String, Object> params) {
    return database.explain(sql, params);
  }
}
