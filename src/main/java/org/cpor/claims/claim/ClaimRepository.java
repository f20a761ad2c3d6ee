package org.cpor.claims.claim;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.cpor.claims.tenant.TenantIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The claim table and its workloads. Runs in the caller's (usually the engine's) transaction. */
@Repository
public class ClaimRepository {

  private final JdbcClient jdbc;
  private final String nextNumber;

  public ClaimRepository(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    // The claim number sequence in the database's own words (H2 and the SQL standard, or
    // PostgreSQL).
    this.nextNumber =
        "PostgreSQL".equals(productName(dataSource))
            ? "select nextval('claim_number_seq')"
            : "select next value for claim_number_seq";
  }

  public String nextClaimId() {
    Long number = jdbc.sql(nextNumber).query(Long.class).single();
    return "CPOR-" + number;
  }

  private static String productName(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot reach the database", e);
    }
  }

  public boolean exists(String claimId) {
    return jdbc.sql("select count(*) from claim where id = ?")
            .param(claimId)
            .query(Integer.class)
            .single()
        > 0;
  }

  public void insert(Claim claim) {
    ClaimContent content = claim.content();
    jdbc.sql(
            """
            insert into claim (id, process_instance_id, partner_id, partner_name, claim_name, customer_domain, customer_tenant_id,
              solution_area, activity, subscription_id, customer_contact_name, customer_contact_title,
              customer_contact_email, partner_contact_name, partner_contact_email, proof_of_execution, comments,
              customer_technical_contact_name, customer_technical_contact_email, solution_seller_name, customer_name,
              isv_product_name, customer_language, partner_language, status, submitted_at, updated_at,
              subscription_end_date)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(
            claim.id(),
            claim.processInstanceId(),
            claim.partnerId(),
            claim.partnerName(),
            claim.content().claimName(),
            claim.content().customerDomain(),
            TenantIds.key(claim.content().customerTenantId()),
            claim.content().solutionArea(),
            claim.content().activity(),
            ClaimContent.subscriptionKey(claim.content().subscriptionId()),
            claim.content().customerContactName(),
            claim.content().customerContactTitle(),
            claim.content().customerContactEmail(),
            claim.content().partnerContactName(),
            claim.content().partnerContactEmail(),
            claim.content().proofOfExecution(),
            claim.content().comments(),
            content.customerTechnicalContactName(),
            content.customerTechnicalContactEmail(),
            content.solutionSellerName(),
            content.customerName(),
            content.isvProductName(),
            Objects.requireNonNullElse(content.customerLanguage(), Languages.DEFAULT),
            Objects.requireNonNullElse(content.partnerLanguage(), Languages.DEFAULT),
            claim.status().name(),
            ts(claim.submittedAt()),
            ts(claim.updatedAt()),
            content.subscriptionEndsOn() == null
                ? null
                : java.sql.Date.valueOf(content.subscriptionEndsOn()))
        .update();
    insertWorkloads(claim.id(), claim.content().workloads());
  }

  /**
   * The claim's workloads, in the order the partner gave them. Once each: a list naming a workload
   * twice (a draft is not checked yet) is one claim on it.
   */
  private void insertWorkloads(String claimId, Collection<String> workloads) {
    int ordinal = 0;
    for (String workload : new LinkedHashSet<>(workloads)) {
      jdbc.sql("insert into claim_workload (claim_id, workload, ordinal) values (?, ?, ?)")
          .params(claimId, workload, ordinal++)
          .update();
    }
  }

  /**
   * Replaces what the claim says (a partner's correction, or an edited draft), its workloads
   * included.
   */
  public void updateContent(String claimId, ClaimContent content, Instant at) {
    jdbc.sql(
            """
            update claim set claim_name = ?, customer_domain = ?, customer_tenant_id = ?, solution_area = ?,
              activity = ?, subscription_id = ?, customer_contact_name = ?, customer_contact_title = ?,
              customer_contact_email = ?, partner_contact_name = ?, partner_contact_email = ?,
              proof_of_execution = ?, comments = ?, customer_technical_contact_name = ?,
              customer_technical_contact_email = ?, solution_seller_name = ?, customer_name = ?,
              isv_product_name = ?, subscription_end_date = ?, customer_language = ?,
              partner_language = ?, updated_at = ?
            where id = ?""")
        .params(
            content.claimName(),
            content.customerDomain(),
            TenantIds.key(content.customerTenantId()),
            content.solutionArea(),
            content.activity(),
            ClaimContent.subscriptionKey(content.subscriptionId()),
            content.customerContactName(),
            content.customerContactTitle(),
            content.customerContactEmail(),
            content.partnerContactName(),
            content.partnerContactEmail(),
            content.proofOfExecution(),
            content.comments(),
            content.customerTechnicalContactName(),
            content.customerTechnicalContactEmail(),
            content.solutionSellerName(),
            content.customerName(),
            content.isvProductName(),
            content.subscriptionEndsOn() == null
                ? null
                : java.sql.Date.valueOf(content.subscriptionEndsOn()),
            Objects.requireNonNullElse(content.customerLanguage(), Languages.DEFAULT),
            Objects.requireNonNullElse(content.partnerLanguage(), Languages.DEFAULT),
            ts(at),
            claimId)
        .update();
    replaceWorkloads(claimId, content.workloads());
  }

  /**
   * A draft becomes a submitted claim, with the same ID: its process, the partner's organisation
   * name as the directory has it now, and the time of submission.
   */
  public void registerDraft(
      String claimId, String processInstanceId, String partnerName, Instant at) {
    jdbc.sql(
            """
            update claim set status = ?, process_instance_id = ?, partner_name = ?, submitted_at = ?,
              updated_at = ?
            where id = ? and status = ?""")
        .params(
            ClaimStatus.SUBMITTED.name(),
            processInstanceId,
            partnerName,
            ts(at),
            ts(at),
            claimId,
            ClaimStatus.DRAFT.name())
        .update();
  }

  /**
   * Deletes the drafts unchanged since before {@code cutoff}, with their history and documents;
   * returns how many. Their rows are locked first, so a draft being submitted or corrected at this
   * moment is either deleted before (the partner then gets 404) or no longer a stale draft after.
   * Deleting again deletes nothing more. Runs in the caller's transaction.
   */
  public int deleteDraftsUnchangedSince(Instant cutoff) {
    List<String> ids =
        jdbc.sql("select id from claim where status = ? and updated_at < ? for update")
            .params(ClaimStatus.DRAFT.name(), ts(cutoff))
            .query(String.class)
            .list();
    for (int from = 0; from < ids.size(); from += 500) {
      List<String> batch = ids.subList(from, Math.min(ids.size(), from + 500));
      for (String table :
          List.of("claim_event", "proof_document", "claim_workload", "idempotency_key")) {
        jdbc.sql("delete from " + table + " where claim_id in (:ids)").param("ids", batch).update();
      }
      jdbc.sql("delete from claim where id in (:ids)").param("ids", batch).update();
    }
    return ids.size();
  }

  public Optional<Claim> findById(String claimId) {
    return jdbc.sql("select * from claim where id = ?")
        .param(claimId)
        .query(ClaimRepository::toClaim)
        .optional()
        .map(claim -> withWorkloads(claim, workloadsOf(claimId)));
  }

  /** The claim's workloads in the partner's order: a range of the table's primary key. */
  private List<String> workloadsOf(String claimId) {
    return jdbc.sql("select workload from claim_workload where claim_id = ? order by ordinal")
        .param(claimId)
        .query(String.class)
        .list();
  }

  /**
   * The claims with their workloads, read by claim ID for all of them at once (a page of a list in
   * one statement, a batch of an export in a few), in the claims' order.
   */
  private List<Claim> withWorkloads(List<Claim> claims) {
    if (claims.isEmpty()) {
      return claims;
    }
    List<String> ids = claims.stream().map(Claim::id).toList();
    Map<String, TreeMap<Integer, String>> byClaim = new HashMap<>();
    for (int from = 0; from < ids.size(); from += WORKLOAD_KEYS) {
      Query query = workloadsQuery(ids.subList(from, Math.min(ids.size(), from + WORKLOAD_KEYS)));
      jdbc.sql(query.sql())
          .params(query.params())
          .query(
              rs -> {
                byClaim
                    .computeIfAbsent(rs.getString(1), id -> new TreeMap<>())
                    .put(rs.getInt(2), rs.getString(3));
              });
    }
    return claims.stream()
        .map(
            claim ->
                withWorkloads(
                    claim, List.copyOf(byClaim.getOrDefault(claim.id(), new TreeMap<>()).values())))
        .toList();
  }

  /**
   * Claims whose workloads one statement reads: a page of a list in one, an export batch of {@link
   * #EXPORT_BATCH} in four. With 1,000 keys PostgreSQL may plan a scan of the whole table (its
   * costs for that and for the index are equal at 300,000 rows); with 250 it walks the index.
   */
  static final int WORKLOAD_KEYS = 250;

  /**
   * The workloads of these claims with their places in each claim's list. Not sorted by the
   * database (sorting makes a scan of the table look cheaper to PostgreSQL): the caller orders each
   * claim's few.
   */
  static Query workloadsQuery(List<String> claimIds) {
    return new Query(
        "select claim_id, ordinal, workload from claim_workload where claim_id in (:ids)",
        Map.of("ids", claimIds));
  }

  private static Claim withWorkloads(Claim claim, List<String> workloads) {
    return claim.withContent(claim.content().withWorkloads(workloads));
  }

  /**
   * Locks the claim's row until the transaction ends. Actions on one claim from outside (the
   * partner's answer or withdrawal, the customer's opt-out) take it first, so they run one after
   * the other and each sees the outcome of the one before; a timer that changes the claim waits for
   * them too.
   */
  public boolean lock(String claimId) {
    return !jdbc.sql("select id from claim where id = ? for update")
        .param(claimId)
        .query(String.class)
        .list()
        .isEmpty();
  }

  /**
   * The claim, read after taking its row lock. Every step that changes a claim's outcome starts
   * here — the partner's and the customer's actions as well as the process's timers and decisions —
   * so that two of them on one claim run one after the other and the second sees what the first
   * decided.
   */
  public Claim lockAndGet(String claimId) {
    lock(claimId);
    return get(claimId);
  }

  public Claim get(String claimId) {
    return findById(claimId).orElseThrow(() -> new IllegalStateException("No claim " + claimId));
  }

  /** A statement and its named parameters: what runs, and what tests run EXPLAIN on. */
  public record Query(String sql, Map<String, Object> params) {}

  /** The partner's claims, optionally of one status: counted only when the partner asks. */
  public long countOf(String partnerId, ClaimStatus status) {
    return run(countQuery(partnerId, status)).query(Long.class).single();
  }

  /**
   * Up to {@code limit} of the partner's claims, newest first (submission time, then ID),
   * optionally of one status: after the claim at ({@code afterAt}, {@code afterId}) when given,
   * else from the {@code offset}-th.
   */
  public List<Claim> pageOf(
      String partnerId,
      ClaimStatus status,
      Instant afterAt,
      String afterId,
      int limit,
      long offset) {
    return withWorkloads(
        run(pageQuery(partnerId, status, afterAt, afterId, limit, offset))
            .query(ClaimRepository::toClaim)
            .list());
  }

  /**
   * Every claim of the partner (optionally of one status), newest first, handed on one at a time:
   * read in keyset batches of {@link #EXPORT_BATCH}, each the same indexed query as a page of the
   * list, so memory does not grow with the partner, every batch walks the index in order however
   * many claims the partner holds (one query over all of them would be planned as a scan and a sort
   * for a large partner), and no transaction stays open for the length of a download.
   */
  public void forEachOf(String partnerId, ClaimStatus status, Consumer<Claim> each) {
    Instant afterAt = null;
    String afterId = null;
    List<Claim> batch;
    do {
      batch = pageOf(partnerId, status, afterAt, afterId, EXPORT_BATCH, 0);
      batch.forEach(each);
      if (!batch.isEmpty()) {
        Claim last = batch.get(batch.size() - 1);
        afterAt = last.submittedAt();
        afterId = last.id();
      }
    } while (batch.size() == EXPORT_BATCH);
  }

  static final int EXPORT_BATCH = 1000;

  static Query countQuery(String partnerId, ClaimStatus status) {
    return ofPartner("select count(*) from claim", partnerId, status, "", Map.of());
  }

  static Query pageQuery(
      String partnerId,
      ClaimStatus status,
      Instant afterAt,
      String afterId,
      int limit,
      long offset) {
    Map<String, Object> params = new HashMap<>();
    String after = "";
    if (afterAt != null) {
      // One row comparison: the index on (partner_id[, status], submitted_at desc, id desc) starts
      // right after the cursor's row.
      after = " and (submitted_at, id) < (:afterAt, :afterId)";
      params.put("afterAt", ts(afterAt));
      params.put("afterId", afterId);
    }
    params.put("limit", limit);
    String rest = after + NEWEST_FIRST + " limit :limit";
    if (offset > 0) {
      rest += " offset :offset";
      params.put("offset", offset);
    }
    return ofPartner("select * from claim", partnerId, status, rest, params);
  }

  private static final String NEWEST_FIRST = " order by submitted_at desc, id desc";

  // The status condition is left out rather than bound as null: PostgreSQL cannot type a null
  // parameter, and each variant has its own index.
  private static Query ofPartner(
      String select, String partnerId, ClaimStatus status, String rest, Map<String, Object> more) {
    Map<String, Object> params = new HashMap<>(more);
    params.put("partner", partnerId);
    if (status != null) {
      params.put("status", status.name());
    }
    return new Query(
        select
            + " where partner_id = :partner"
            + (status == null ? "" : " and status = :status")
            + rest,
        params);
  }

  private JdbcClient.StatementSpec run(Query query) {
    return jdbc.sql(query.sql()).params(query.params());
  }

  /**
   * Replaces the claimed workloads (the automated checks store them in the catalogue's spelling).
   */
  public void replaceWorkloads(String claimId, Collection<String> workloads) {
    jdbc.sql("delete from claim_workload where claim_id = ?").param(claimId).update();
    insertWorkloads(claimId, workloads);
  }

  public void changeStatus(String claimId, ClaimStatus status, Instant at) {
    jdbc.sql("update claim set status = ?, updated_at = ? where id = ?")
        .params(status.name(), ts(at), claimId)
        .update();
  }

  public void reject(String claimId, RejectionReason reason, Instant at) {
    jdbc.sql("update claim set status = ?, rejection_reason = ?, updated_at = ? where id = ?")
        .params(ClaimStatus.REJECTED.name(), reason.name(), ts(at), claimId)
        .update();
  }

  /** A dispute overturned the rejection: the claim continues as approved. */
  public void clearRejection(String claimId, Instant at) {
    jdbc.sql("update claim set rejection_reason = null, updated_at = ? where id = ?")
        .params(ts(at), claimId)
        .update();
  }

  public void startReview(String claimId, Instant due, Instant at) {
    jdbc.sql("update claim set status = ?, review_due_at = ?, updated_at = ? where id = ?")
        .params(ClaimStatus.UNDER_REVIEW.name(), ts(due), ts(at), claimId)
        .update();
  }

  public void requireInformation(String claimId, Instant due, Instant at) {
    jdbc.sql("update claim set status = ?, information_due_at = ?, updated_at = ? where id = ?")
        .params(ClaimStatus.PARTNER_ACTION_REQUIRED.name(), ts(due), ts(at), claimId)
        .update();
  }

  public void approve(String claimId, Instant optOutDeadline, Instant at) {
    jdbc.sql("update claim set status = ?, opt_out_deadline = ?, updated_at = ? where id = ?")
        .params(ClaimStatus.APPROVED.name(), ts(optOutDeadline), ts(at), claimId)
        .update();
  }

  public void setCheckFindings(String claimId, String findings) {
    jdbc.sql("update claim set check_findings = ? where id = ?").params(findings, claimId).update();
  }

  public void replaceProofOfExecution(String claimId, String proofOfExecution) {
    jdbc.sql("update claim set proof_of_execution = ? where id = ?")
        .params(proofOfExecution, claimId)
        .update();
  }

  /**
   * Claims (of any partner) in flight for the tenant and one of the workloads, other than {@code
   * claimId}.
   */
  public List<InFlightClaim> inFlightClaims(
      String tenantId, Collection<String> workloads, String claimId) {
    if (workloads.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select c.id, c.partner_id, c.partner_name, w.workload from claim c join claim_workload w on w.claim_id = c.id
            where c.customer_tenant_id = :tenant and w.workload in (:workloads)
              and c.activity <> 'PRE_SALES' and c.solution_area <> 'BUSINESS_APPLICATIONS'
              and c.status in (:statuses) and c.id <> :claimId
            order by c.id""")
        .param("tenant", TenantIds.key(tenantId))
        .param("workloads", workloads)
        .param("statuses", ClaimStatus.IN_FLIGHT.stream().map(Enum::name).toList())
        .param("claimId", claimId)
        .query(
            (rs, row) ->
                new InFlightClaim(
                    rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
        .list();
  }

  /**
   * The subscription claims (pre-sales, Business Applications) in flight on this subscription of
   * the tenant, except the claim itself.
   */
  public List<InFlightClaim> inFlightOnSubscription(
      String tenantId, String subscriptionKey, String claimId) {
    return jdbc.sql(
            """
            select id, partner_id, partner_name from claim
            where customer_tenant_id = :tenant and subscription_id = :subscription
              and (activity = 'PRE_SALES' or solution_area = 'BUSINESS_APPLICATIONS')
              and status in (:statuses) and id <> :claimId
            order by id""")
        .param("tenant", TenantIds.key(tenantId))
        .param("subscription", subscriptionKey)
        .param("statuses", ClaimStatus.IN_FLIGHT.stream().map(Enum::name).toList())
        .param("claimId", claimId)
        .query(
            (rs, row) ->
                new InFlightClaim(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    "subscription " + subscriptionKey))
        .list();
  }

  /** A claim in flight on one item: a workload, or a subscription. */
  public record InFlightClaim(String claimId, String partnerId, String partnerName, String item) {}

  /** The claim row, without its workloads (they are in claim_workload: see withWorkloads). */
  private static Claim toClaim(ResultSet rs, int row) throws SQLException {
    String reason = rs.getString("rejection_reason");
    java.sql.Date subscriptionEnd = rs.getDate("subscription_end_date");
    ClaimContent content =
        new ClaimContent(
            rs.getString("claim_name"),
            rs.getString("customer_domain"),
            rs.getString("customer_tenant_id"),
            rs.getString("solution_area"),
            rs.getString("activity"),
            List.of(),
            rs.getString("subscription_id"),
            rs.getString("customer_contact_name"),
            rs.getString("customer_contact_title"),
            rs.getString("customer_contact_email"),
            rs.getString("customer_technical_contact_name"),
            rs.getString("customer_technical_contact_email"),
            rs.getString("partner_contact_name"),
            rs.getString("partner_contact_email"),
            rs.getString("proof_of_execution"),
            rs.getString("comments"),
            rs.getString("solution_seller_name"),
            rs.getString("customer_name"),
            rs.getString("isv_product_name"),
            subscriptionEnd == null ? null : subscriptionEnd.toLocalDate().toString(),
            rs.getString("customer_language"),
            rs.getString("partner_language"));
    return new Claim(
        rs.getString("id"),
        rs.getString("process_instance_id"),
        rs.getString("partner_id"),
        rs.getString("partner_name"),
        content,
        ClaimStatus.valueOf(rs.getString("status")),
        reason == null ? null : RejectionReason.valueOf(reason),
        instant(rs.getTimestamp("review_due_at")),
        instant(rs.getTimestamp("information_due_at")),
        instant(rs.getTimestamp("opt_out_deadline")),
        instant(rs.getTimestamp("submitted_at")),
        instant(rs.getTimestamp("updated_at")),
        rs.getString("check_findings"));
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
