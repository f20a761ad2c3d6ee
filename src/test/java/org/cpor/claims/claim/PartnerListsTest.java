package org.cpor.claims.claim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A partner's lists page by page: claims and associations newest first, followed by cursor, with
 * filters, a maximum page size and a bad cursor answered as problems; and the CSV exports.
 */
@CporSpringTest
class PartnerListsTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired JdbcClient jdbc;

  private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");

  private String partnerId;
  private Http partner;
  private Http otherPartner;
  private String otherPartnerId;

  @BeforeEach
  void setUp() {
    partnerId = ClaimFixtures.newPartnerId();
    partner = TestUsers.partnerApi(identityService, port, partnerId);
    otherPartnerId = ClaimFixtures.newPartnerId();
    otherPartner = TestUsers.partnerApi(identityService, port, otherPartnerId);
  }

  @Test
  void claimsPageByCursorWithoutGapsOrRepeatsWhileNewClaimsArrive() {
    // Seven claims, three of them at the same moment: the ID decides between those.
    List<String> seeded = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Instant at = START.plus(Math.min(i, 4), ChronoUnit.MINUTES);
      seeded.add(0, ClaimFixtures.seedClaim(jdbc, partnerId, "UNDER_REVIEW", at, "Claim " + i));
    }
    List<String> newestFirst = sortedNewestFirst(seeded);
    ClaimFixtures.seedClaim(jdbc, otherPartnerId, "UNDER_REVIEW", START, "Not yours");

    JsonNode first = partner.get("/api/claims?size=3").json();
    List<String> read = new ArrayList<>(ids(first));
    assertThat(first.get("page").asInt()).isZero();
    assertThat(first.has("totalElements")).isFalse();

    // New claims arrive between the pages: newer than every listed one, they come before the
    // cursor.
    String arrived =
        partner
            .postJson("/api/claims", ClaimFixtures.apiClaimForNewCustomer("lists"))
            .json()
            .get("id")
            .asText();
    String late =
        ClaimFixtures.seedClaim(jdbc, partnerId, "UNDER_REVIEW", START.plusSeconds(90), "Late");

    String cursor = first.get("nextCursor").asText();
    int pages = 1;
    while (cursor != null) {
      JsonNode next = partner.get("/api/claims?size=3&cursor=" + cursor).json();
      assertThat(next.has("page")).isFalse();
      read.addAll(ids(next));
      cursor = next.get("nextCursor").isNull() ? null : next.get("nextCursor").asText();
      pages++;
    }

    // The late claim was seeded behind the cursor's position, so it shows; the newly submitted one
    // was ahead of it, so it does not repeat the first page's or push anything out.
    seeded.add(late);
    assertThat(read).doesNotHaveDuplicates().doesNotContain(arrived);
    assertThat(read).isEqualTo(sortedNewestFirst(seeded));
    assertThat(read.subList(0, 3)).isEqualTo(newestFirst.subList(0, 3));
    assertThat(pages).isEqualTo(3);
    assertThat(partner.get("/api/claims?size=3").json().get("content").get(0).get("id").asText())
        .isEqualTo(arrived);
    assertThat(partner.get("/api/claims?size=100&total=true").json().get("totalElements").asLong())
        .isEqualTo(9);
  }

  @Test
  void claimsFilteredByStatusPageByCursorAndByNumber() {
    List<String> approved = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ClaimFixtures.seedClaim(
          jdbc, partnerId, "UNDER_REVIEW", START.plus(2 * i, ChronoUnit.MINUTES), "Review " + i);
      approved.add(
          0,
          ClaimFixtures.seedClaim(
              jdbc,
              partnerId,
              "APPROVED",
              START.plus(2 * i + 1, ChronoUnit.MINUTES),
              "Approved " + i));
    }

    JsonNode first = partner.get("/api/claims?status=APPROVED&size=2&total=true").json();
    assertThat(ids(first)).isEqualTo(approved.subList(0, 2));
    assertThat(first.get("totalElements").asLong()).isEqualTo(5);
    assertThat(first.get("totalPages").asInt()).isEqualTo(3);
    JsonNode second =
        partner
            .get("/api/claims?status=APPROVED&size=2&cursor=" + first.get("nextCursor").asText())
            .json();
    assertThat(ids(second)).isEqualTo(approved.subList(2, 4));
    JsonNode last = partner.get("/api/claims?status=APPROVED&size=2&page=2").json();
    assertThat(ids(last)).isEqualTo(approved.subList(4, 5));
    assertThat(last.get("nextCursor").isNull()).isTrue();
    assertThat(last.get("content").findValuesAsText("status")).containsOnly("APPROVED");
  }

  @Test
  void associationsArePagedByCursorAndFilteredByTenantWorkloadSubscriptionAndStatus() {
    String tenant = UUID.randomUUID().toString();
    String otherTenant = UUID.randomUUID().toString();
    String subscription = UUID.randomUUID().toString();
    List<Long> official = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      official.add(
          0,
          ClaimFixtures.seedAssociation(
              jdbc,
              partnerId,
              i % 2 == 0 ? tenant : otherTenant,
              i < 3 ? "Teams" : "Exchange",
              null,
              "OFFICIAL",
              START.plus(i, ChronoUnit.HOURS)));
    }
    ClaimFixtures.seedAssociation(
        jdbc,
        partnerId,
        tenant,
        "Dynamics 365 Sales",
        subscription,
        "OFFICIAL",
        START.minus(1, ChronoUnit.DAYS));
    ClaimFixtures.seedAssociation(
        jdbc, partnerId, tenant, "SharePoint", null, "SUPERSEDED", START.plusSeconds(30));
    ClaimFixtures.seedAssociation(jdbc, otherPartnerId, tenant, "Teams", null, "OFFICIAL", START);

    JsonNode first = partner.get("/api/associations?size=4").json();
    assertThat(first.get("content").findValuesAsText("status")).containsOnly("OFFICIAL");
    assertThat(first.get("content").findValuesAsText("workload"))
        .containsExactly("Exchange", "Exchange", "Teams", "Teams");
    JsonNode second =
        partner.get("/api/associations?size=4&cursor=" + first.get("nextCursor").asText()).json();
    assertThat(second.get("content").findValuesAsText("workload"))
        .containsExactly("Teams", "Dynamics 365 Sales");
    assertThat(second.get("nextCursor").isNull()).isTrue();

    assertThat(
            partner
                .get("/api/associations?customerTenantId=" + tenant.toUpperCase())
                .json()
                .get("content")
                .findValuesAsText("workload"))
        .containsExactly("Exchange", "Teams", "Teams", "Dynamics 365 Sales");
    assertThat(
            partner
                .get("/api/associations?workload=Exchange&customerTenantId=" + otherTenant)
                .json()
                .get("content")
                .findValuesAsText("since"))
        .containsExactly("2026-06-01T13:00:00Z");
    assertThat(
            partner
                .get("/api/associations?subscriptionId=" + subscription)
                .json()
                .get("content")
                .findValuesAsText("subscriptionId"))
        .containsExactly(subscription);
    JsonNode superseded = partner.get("/api/associations?status=SUPERSEDED").json();
    assertThat(superseded.get("content").findValuesAsText("workload"))
        .containsExactly("SharePoint");
    assertThat(superseded.get("content").findValuesAsText("status")).containsOnly("SUPERSEDED");
    assertThat(otherPartner.get("/api/associations").json().get("content").size()).isEqualTo(1);
  }

  @Test
  void tooLargePagesBadCursorsAndBadFiltersAreProblemsNamingTheParameter() {
    for (String path : List.of("/api/claims?size=101", "/api/associations?size=101")) {
      Http.Answer tooLarge = partner.get(path);
      assertThat(tooLarge.status()).as(path).isEqualTo(400);
      assertThat(tooLarge.header("Content-Type")).startsWith("application/problem+json");
      assertThat(tooLarge.problemFields()).containsExactly("size");
      assertThat(tooLarge.json().get("detail").asText()).contains("from 1 to 100");
    }
    assertThat(partner.get("/api/associations?size=100").status()).isEqualTo(200);

    String claimsCursor = nextCursorOfTwoClaims();
    String made = encoded("0|associations|1|0|42");
    for (String path :
        List.of(
            "/api/claims?cursor=not-a-cursor",
            "/api/claims?cursor=" + claimsCursor.substring(0, claimsCursor.length() - 4),
            "/api/associations?cursor=" + claimsCursor,
            "/api/associations?cursor=" + made,
            "/api/claims?page=1&cursor=" + claimsCursor)) {
      Http.Answer bad = partner.get(path);
      assertThat(bad.status()).as(path).isEqualTo(400);
      assertThat(bad.problemFields()).as(path).containsExactly("cursor");
    }

    Http.Answer filters =
        partner.get(
            "/api/associations?customerTenantId=contoso&subscriptionId=1&status=EXPIRED&workload="
                + "x".repeat(101));
    assertThat(filters.status()).isEqualTo(400);
    assertThat(filters.problemFields())
        .containsExactly("customerTenantId", "subscriptionId", "workload", "status");
    assertThat(partner.get("/api/claims?total=yes").problemFields()).containsExactly("total");
    assertThat(partner.get("/api/claims.csv?status=MAYBE").problemFields())
        .containsExactly("status");
    assertThat(Http.to(port).get("/api/associations.csv").status()).isEqualTo(401);
  }

  @Test
  void claimsAndAssociationsExportAsCsvNewestFirst() {
    ClaimFixtures.seedClaim(jdbc, partnerId, "REJECTED", START, "Plain");
    String quoted =
        ClaimFixtures.seedClaim(
            jdbc, partnerId, "UNDER_REVIEW", START.plusSeconds(60), "Teams, \"phase 2\"");
    ClaimFixtures.seedClaim(jdbc, otherPartnerId, "UNDER_REVIEW", START, "Not yours");

    Http.Answer claims = partner.get("/api/claims.csv");
    assertThat(claims.status()).isEqualTo(200);
    assertThat(claims.header("Content-Type")).startsWith("text/csv");
    assertThat(claims.header("Content-Disposition")).contains("claims.csv");
    List<String> lines = claims.body().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "id,claimName,customerDomain,customerTenantId,solutionArea,activity,workloads,"
                + "subscriptionId,status,rejectionReason,submittedAt,updatedAt");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(1))
        .startsWith(quoted + ",\"Teams, \"\"phase 2\"\"\",")
        .contains(",Teams;Exchange,,UNDER_REVIEW,,2026-06-01T10:01:00Z,");
    assertThat(lines.get(2)).contains(",Plain,", ",REJECTED,");
    assertThat(claims.body()).doesNotContain("Not yours");
    assertThat(partner.get("/api/claims.csv?status=REJECTED").body().lines()).hasSize(2);

    String tenant = UUID.randomUUID().toString();
    String subscription = UUID.randomUUID().toString();
    long teams =
        ClaimFixtures.seedAssociation(jdbc, partnerId, tenant, "Teams", null, "OFFICIAL", START);
    ClaimFixtures.seedAssociation(
        jdbc,
        partnerId,
        tenant,
        "Dynamics 365 Sales",
        subscription,
        "OFFICIAL",
        START.plusSeconds(5));
    ClaimFixtures.seedAssociation(
        jdbc, partnerId, tenant, "Exchange", null, "SUPERSEDED", START.plusSeconds(9));

    Http.Answer associations = partner.get("/api/associations.csv");
    assertThat(associations.status()).isEqualTo(200);
    List<String> rows = associations.body().lines().toList();
    assertThat(rows.get(0))
        .isEqualTo(
            "customerTenantId,workload,subscriptionId,claimId,status,officialSince,endedAt,"
                + "id,endedBy,endReason");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1))
        .startsWith(tenant + ",Dynamics 365 Sales," + subscription + ",SEED-")
        .containsPattern(",OFFICIAL,2026-06-01T10:00:05Z,,\\d+,,$");
    assertThat(rows.get(2)).startsWith(tenant + ",Teams,,SEED-").endsWith("," + teams + ",,");

    // An ended association: when, by whom and why, next to the ID the partner ended it by.
    assertThat(
            partner
                .postJson(
                    "/api/associations/" + teams + "/end",
                    java.util.Map.of("reason", "Moved to the customer's IT, \"in house\""))
                .status())
        .isEqualTo(200);
    List<String> ended = partner.get("/api/associations.csv?status=ENDED").body().lines().toList();
    assertThat(ended).hasSize(2);
    assertThat(ended.get(1))
        .startsWith(tenant + ",Teams,,SEED-")
        .containsPattern(",ENDED,2026-06-01T10:00:00Z,\\d{4}-\\d\\d-\\d\\dT[^,]+Z,")
        .endsWith("," + teams + ",PARTNER,\"Moved to the customer's IT, \"\"in house\"\"\"");
    assertThat(partner.get("/api/associations.csv").body().lines()).hasSize(2);
    assertThat(
            partner.get("/api/associations.csv?status=SUPERSEDED&workload=Exchange").body().lines())
        .hasSize(2);
    assertThat(otherPartner.get("/api/associations.csv").body().lines()).hasSize(1);
  }

  @Test
  void theOpenApiDocumentNamesThePagingParametersAndTheExports() {
    JsonNode paths = Http.to(port).get("/v3/api-docs").json().get("paths");
    assertThat(paths.at("/~1api~1associations/get/parameters").findValuesAsText("name"))
        .containsExactly(
            "customerTenantId", "workload", "subscriptionId", "status", "size", "cursor");
    assertThat(paths.at("/~1api~1claims/get/parameters").findValuesAsText("name"))
        .containsExactly("status", "page", "size", "cursor", "total");
    assertThat(paths.at("/~1api~1associations.csv/get/responses/200/content").has("text/csv"))
        .isTrue();
    assertThat(paths.at("/~1api~1claims.csv/get/responses/200/content").has("text/csv")).isTrue();
  }

  private String nextCursorOfTwoClaims() {
    ClaimFixtures.seedClaim(jdbc, partnerId, "UNDER_REVIEW", START, "One");
    ClaimFixtures.seedClaim(jdbc, partnerId, "UNDER_REVIEW", START, "Two");
    return partner.get("/api/claims?size=1").json().get("nextCursor").asText();
  }

  private static String encoded(String plain) {
    return URLEncoder.encode(
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(plain.getBytes(StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  private static List<String> ids(JsonNode page) {
    return page.get("content").findValuesAsText("id");
  }

  /** The order the API promises for claims seeded one minute apart or at the same minute. */
  private List<String> sortedNewestFirst(List<String> seeded) {
    return jdbc.sql("select id from claim where id in (:ids) order by submitted_at desc, id desc")
        .param("ids", seeded)
        .query(String.class)
        .list();
  }
}
