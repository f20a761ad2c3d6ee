package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.support.PlansDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every submission's checks, the opt-out page and the partner's claim detail read stays a
 * handful of index entries however many claims and associations there are: on 200,000 claims and
 * 120,000 associations with fresh statistics ({@link PlansDatabase}), the statements the
 * repositories send (recorded with their parameters and explained) read claim, claim_workload and
 * association through indexes, never with a Seq Scan. Plans, not timings.
 */
class ScalePlansOnPostgresTest {

  /** A tenant with claims in flight and official and ended associations (see the seed). */
  static final String TENANT = PlansDatabase.TENANT;

  static final List<String> WORKLOADS = List.of("Teams", "Exchange");

  static PlansDatabase database;
  static PlansDatabase.Recorder recorder;
  static ClaimRepository claims;
  static AssociationRegister associations;
  static ClaimHistory history;
  static ClaimDisputes disputes;

  @BeforeAll
  static void seed() {
    database = PlansDatabase.get();
    recorder = database.recorder();
    claims = new ClaimRepository(recorder.jdbc(), recorder.dataSource());
    associations = new AssociationRegister(recorder.jdbc());
    history = new ClaimHistory(recorder.jdbc(), event -> {});
    disputes = new ClaimDisputes(recorder.jdbc());
  }

  @BeforeEach
  void forget() {
    recorder.clear();
  }

  @Test
  void duplicateAndCompetingChecksReadTheTenantsRowsThroughIndexes() throws SQLException {
    // A workload claim: claims in flight on the tenant's workloads, official holders, ended ones.
    String tenant = seededTenantOf("CPOR-1000");
    claims.inFlightClaims(tenant, WORKLOADS, "CPOR-NEW");
    associations.holdersOf(TENANT, WORKLOADS);
    associations.endedOn(TENANT, null, WORKLOADS);
    // A subscription claim: the same on the subscription.
    String subscriptionTenant = seededTenantOf("CPOR-1007");
    claims.inFlightOnSubscription(subscriptionTenant, subscriptionOf("CPOR-1007"), "CPOR-NEW");
    associations.holdersOfSubscription(TENANT, PlansDatabase.SUBSCRIPTION);
    associations.endedOn(TENANT, PlansDatabase.SUBSCRIPTION, List.of());

    List<String> plans = recorder.plans();
    assertThat(plans).hasSize(6);
    assertIndexed(plans.get(0), "claim", "claim_workload");
    assertThat(plans.get(0))
        .containsPattern("claim_(tenant|subscription)_idx")
        .contains("claim_workload_pkey");
    assertIndexed(plans.get(1), "association");
    assertThat(plans.get(1)).contains("association_holder_idx");
    assertIndexed(plans.get(2), "association");
    assertIndexed(plans.get(3), "claim");
    assertThat(plans.get(3)).containsPattern("claim_(subscription|tenant)_idx");
    assertIndexed(plans.get(4), "association");
    assertThat(plans.get(4)).contains("association_subscription_idx");
    assertIndexed(plans.get(5), "association");
  }

  @Test
  void optOutPageReadsTheClaimAndItsAssociationsByKey() throws SQLException {
    // OptOutService.find: the claim of the token (its row, then its workloads), and for an official
    // claim its associations.
    String official = "CPOR-1011";
    assertThat(claims.findById(official).orElseThrow().status()).isEqualTo(ClaimStatus.OFFICIAL);
    recorder.clear();
    claims.findById(official);
    associations.ofClaim(official);

    List<String> plans = recorder.plans();
    assertThat(plans).hasSize(3);
    assertIndexed(plans.get(0), "claim");
    assertThat(plans.get(0)).contains("claim_pkey");
    assertWorkloadsByKey(plans.get(1));
    assertIndexed(plans.get(2), "association");
    assertThat(plans.get(2)).contains("association_claim_idx");
  }

  @Test
  void partnersClaimDetailReadsTheClaimItsHistoryAndDisputeByKey() throws SQLException {
    // PartnerClaims.get: the claim (its row, then its workloads), its history, its dispute if any.
    claims.findById("CPOR-1000");
    history.of("CPOR-1000");
    disputes.of("CPOR-1000");

    List<String> plans = recorder.plans();
    assertThat(plans).hasSize(4);
    assertIndexed(plans.get(0), "claim");
    assertThat(plans.get(0)).contains("claim_pkey");
    assertWorkloadsByKey(plans.get(1));
    assertIndexed(plans.get(2), "claim_event");
    assertIndexed(plans.get(3), "claim_dispute");
  }

  /** A claim's workloads: a range of claim_workload's primary key (claim_id, workload). */
  private static void assertWorkloadsByKey(String plan) {
    assertIndexed(plan, "claim_workload");
    assertThat(plan).contains("claim_workload_pkey");
  }

  private static String seededTenantOf(String claimId) {
    return database
        .jdbc()
        .sql("select customer_tenant_id from claim where id = ?")
        .param(claimId)
        .query(String.class)
        .single();
  }

  private static String subscriptionOf(String claimId) {
    return database
        .jdbc()
        .sql("select subscription_id from claim where id = ?")
        .param(claimId)
        .query(String.class)
        .single();
  }

  /** The plan reads each of these tables through an index (plain, index-only or bitmap). */
  private static void assertIndexed(String plan, String... tables) {
    for (String table : tables) {
      assertThat(plan)
          .as(plan)
          .doesNotContainPattern("Seq Scan on " + table + "\\b")
          .containsPattern(
              "(Index (Only )?Scan( Backward)?|Bitmap Heap Scan) (using \\S+ )?on "
                  + table
                  + "\\b");
    }
  }
}
