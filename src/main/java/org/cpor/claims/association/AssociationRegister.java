package org.cpor.claims.association;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.cpor.claims.tenant.TenantIds;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The official partner-of-record associations: one partner per tenant and workload at a time, or
 * per subscription for subscription claims (pre-sales, Business Applications).
 */
@Repository
public class AssociationRegister {

  private final JdbcClient jdbc;

  public AssociationRegister(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The official workload associations that hold one of these workloads of the tenant. */
  public List<Association> holdersOf(String tenantId, Collection<String> workloads) {
    if (workloads.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select * from association where customer_tenant_id = :tenant and subscription_id is null
              and workload in (:workloads) and status = 'OFFICIAL' order by workload""")
        .param("tenant", TenantIds.key(tenantId))
        .param("workloads", workloads)
        .query(AssociationRegister::toAssociation)
        .list();
  }

  /** The official associations that hold this subscription of the tenant (any of its products). */
  public List<Association> holdersOfSubscription(String tenantId, String subscriptionKey) {
    return jdbc.sql(
            """
            select * from association where customer_tenant_id = :tenant
              and subscription_id = :subscription and status = 'OFFICIAL' order by workload""")
        .param("tenant", TenantIds.key(tenantId))
        .param("subscription", subscriptionKey)
        .query(AssociationRegister::toAssociation)
        .list();
  }

  /**
   * The associations that were ended (by the customer, the partner or the subscription's end) on
   * these workloads of the tenant, or on this subscription ({@code subscriptionKey} not null):
   * newest first, at most 20. What a validator weighs on a new claim for the same item.
   */
  public List<Association> endedOn(
      String tenantId, String subscriptionKey, Collection<String> workloads) {
    if (subscriptionKey == null && workloads.isEmpty()) {
      return List.of();
    }
    String item =
        subscriptionKey == null
            ? "subscription_id is null and workload in (:workloads)"
            : "subscription_id = :subscription";
    return jdbc.sql(
            "select * from association where customer_tenant_id = :tenant and "
                + item
                + " and status = 'ENDED' order by ended_at desc, id desc limit 20")
        .param("tenant", TenantIds.key(tenantId))
        .params(
            subscriptionKey == null
                ? Map.of("workloads", workloads)
                : Map.of("subscription", subscriptionKey))
        .query(AssociationRegister::toAssociation)
        .list();
  }

  /**
   * Makes the claim's workloads official for its partner; with a subscription ({@code
   * subscriptionKey} not null), the subscription's. Another partner holding one of them, or the
   * subscription, is superseded; the superseded associations are returned. A subscription's end
   * date ({@code subscriptionEndDate}, may be null) stays with the association: the daily expiry
   * job ends it once that day has passed.
   */
  public List<Association> makeOfficial(
      String claimId,
      String partnerId,
      String tenantId,
      String subscriptionKey,
      LocalDate subscriptionEndDate,
      Collection<String> workloads,
      Instant at) {
    List<Association> superseded = new ArrayList<>();
    List<Association> holders =
        subscriptionKey == null
            ? holdersOf(tenantId, workloads)
            : holdersOfSubscription(tenantId, subscriptionKey);
    for (Association holder : holders) {
      // Only while still official: an association its customer or partner ended meanwhile stays
      // ENDED.
      if (!holder.partnerId().equals(partnerId)
          && jdbc.sql(
                      """
                      update association set status = 'SUPERSEDED', ended_at = ?, superseded_by_claim_id = ?
                      where id = ? and status = 'OFFICIAL'""")
                  .params(Timestamp.from(at), claimId, holder.id())
                  .update()
              == 1) {
        superseded.add(find(holder.id()).orElseThrow());
      }
    }
    for (String workload : workloads) {
      jdbc.sql(
              """
              insert into association (partner_id, customer_tenant_id, workload, subscription_id, claim_id,
                status, official_since, subscription_end_date)
              values (?, ?, ?, ?, ?, 'OFFICIAL', ?, ?)""")
          .params(
              partnerId,
              TenantIds.key(tenantId),
              workload,
              subscriptionKey,
              claimId,
              Timestamp.from(at),
              subscriptionKey == null || subscriptionEndDate == null
                  ? null
                  : java.sql.Date.valueOf(subscriptionEndDate))
          .update();
    }
    return superseded;
  }

  /**
   * Ends an official association: status {@code ENDED}, with the time, who ended it and why. {@code
   * false} when it was not official (any more): ended or superseded before.
   */
  public boolean end(long id, EndedBy by, String reason, Instant at) {
    return jdbc.sql(
                """
                update association set status = 'ENDED', ended_at = ?, ended_by = ?, end_reason = ?
                where id = ? and status = 'OFFICIAL'""")
            .params(Timestamp.from(at), by.name(), reason, id)
            .update()
        == 1;
  }

  /**
   * The claims holding an official association whose subscription's last day is before {@code
   * today}: what the daily expiry job ends (through association_subscription_end_idx).
   */
  public List<String> claimsWithSubscriptionEndedBefore(LocalDate today) {
    return jdbc.sql(
            """
            select distinct claim_id from association
            where status = 'OFFICIAL' and subscription_end_date < ? order by claim_id""")
        .param(java.sql.Date.valueOf(today))
        .query(String.class)
        .list();
  }

  /** Associations that this claim superseded when it became official. */
  public List<Association> supersededBy(String claimId) {
    return jdbc.sql("select * from association where superseded_by_claim_id = ? order by id")
        .param(claimId)
        .query(AssociationRegister::toAssociation)
        .list();
  }

  /**
   * Ids of the associations this claim superseded. Called by the first version of the model (its
   * multi-instance collection); claims started on it before this release still reach that step.
   */
  public List<Long> supersededAssociationIds(String claimId) {
    return supersededBy(claimId).stream().map(Association::id).toList();
  }

  /**
   * Which of a partner's associations a list or export shows: of one status, and optionally of one
   * customer tenant (its key), workload and subscription (its key).
   */
  public record Filter(
      String partnerId,
      AssociationStatus status,
      String tenantKey,
      String workload,
      String subscriptionKey) {}

  /** A statement and its named parameters: what runs, and what tests run EXPLAIN on. */
  public record Query(String sql, Map<String, Object> params) {}

  /**
   * Up to {@code limit} associations, newest first (official since, then ID): after the one at
   * ({@code afterAt}, {@code afterId}) when given.
   */
  public List<Association> pageOf(Filter filter, Instant afterAt, Long afterId, int limit) {
    Query query = pageQuery(filter, afterAt, afterId, limit);
    return jdbc.sql(query.sql())
        .params(query.params())
        .query(AssociationRegister::toAssociation)
        .list();
  }

  /**
   * Every association of the filter, newest first, handed on one at a time: read in keyset batches
   * of {@link #EXPORT_BATCH}, each the same indexed query as a page of the list, so memory does not
   * grow with the partner and every batch walks the filter's index in order.
   */
  public void forEachOf(Filter filter, Consumer<Association> each) {
    Instant afterAt = null;
    Long afterId = null;
    List<Association> batch;
    do {
      batch = pageOf(filter, afterAt, afterId, EXPORT_BATCH);
      batch.forEach(each);
      if (!batch.isEmpty()) {
        Association last = batch.get(batch.size() - 1);
        afterAt = last.officialSince();
        afterId = last.id();
      }
    } while (batch.size() == EXPORT_BATCH);
  }

  public static final int EXPORT_BATCH = 1000;

  public static Query pageQuery(Filter filter, Instant afterAt, Long afterId, int limit) {
    Map<String, Object> params = new HashMap<>();
    String after = "";
    if (afterAt != null) {
      after = " and (official_since, id) < (:afterAt, :afterId)";
      params.put("afterAt", Timestamp.from(afterAt));
      params.put("afterId", afterId);
    }
    params.put("limit", limit);
    return filtered(filter, after + NEWEST_FIRST + " limit :limit", params);
  }

  private static final String NEWEST_FIRST = " order by official_since desc, id desc";

  // Absent filters are left out rather than bound as null (PostgreSQL cannot type a null
  // parameter); each filter has an index of its own on (partner_id, status, <filter>,
  // official_since
  // desc, id desc).
  private static Query filtered(Filter filter, String rest, Map<String, Object> params) {
    StringBuilder sql =
        new StringBuilder(
            "select * from association where partner_id = :partner and status = :status");
    params.put("partner", filter.partnerId());
    params.put("status", filter.status().name());
    if (filter.tenantKey() != null) {
      sql.append(" and customer_tenant_id = :tenant");
      params.put("tenant", filter.tenantKey());
    }
    if (filter.workload() != null) {
      sql.append(" and workload = :workload");
      params.put("workload", filter.workload());
    }
    if (filter.subscriptionKey() != null) {
      sql.append(" and subscription_id = :subscription");
      params.put("subscription", filter.subscriptionKey());
    }
    return new Query(sql.append(rest).toString(), params);
  }

  public List<Association> ofClaim(String claimId) {
    return jdbc.sql("select * from association where claim_id = ? order by id")
        .param(claimId)
        .query(AssociationRegister::toAssociation)
        .list();
  }

  public Optional<Association> find(long id) {
    return jdbc.sql("select * from association where id = ?")
        .param(id)
        .query(AssociationRegister::toAssociation)
        .optional();
  }

  private static Association toAssociation(ResultSet rs, int row) throws SQLException {
    Timestamp ended = rs.getTimestamp("ended_at");
    String endedBy = rs.getString("ended_by");
    java.sql.Date subscriptionEnd = rs.getDate("subscription_end_date");
    return new Association(
        rs.getLong("id"),
        rs.getString("partner_id"),
        rs.getString("customer_tenant_id"),
        rs.getString("workload"),
        rs.getString("subscription_id"),
        rs.getString("claim_id"),
        AssociationStatus.valueOf(rs.getString("status")),
        rs.getTimestamp("official_since").toInstant(),
        ended == null ? null : ended.toInstant(),
        rs.getString("superseded_by_claim_id"),
        endedBy == null ? null : EndedBy.valueOf(endedBy),
        rs.getString("end_reason"),
        subscriptionEnd == null ? null : subscriptionEnd.toLocalDate());
  }
}
