package org.cpor.claims.analytics;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.association.EndedBy;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.claim.RejectionReason;
import org.cpor.claims.process.ClaimProcess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The analysts' questions as queries over the claim tables (claim, claim_event) and the engine's
 * history. Each query reads through an index (V14__analytics.sql and the engine's own) and returns
 * one row per group or per claim of the period asked, never the whole history: the figures in
 * docs/benchmark.md are measured with 20,000 finished claims.
 */
@Repository
@Transactional(readOnly = true)
class ClaimAnalytics {

  /** The claim statuses that end a claim. */
  static final List<String> FINISHED =
      List.of(ClaimStatus.OFFICIAL.name(), ClaimStatus.REJECTED.name());

  /** The history entry of a partner disputing a rejection (the disputes feature, issue 12). */
  static final String DISPUTED = "DISPUTED";

  private final JdbcClient jdbc;
  private final Deadlines deadlines;

  ClaimAnalytics(JdbcClient jdbc, Deadlines deadlines) {
    this.jdbc = jdbc;
    this.deadlines = deadlines;
  }

  /** Which claims a question is about: all, or one partner's, or one customer's. */
  record Scope(String partnerId, String tenant) {
    static final Scope ALL = new Scope(null, null);

    String where(String alias, List<Object> params) {
      StringBuilder sql = new StringBuilder();
      if (partnerId != null) {
        sql.append(" and ").append(alias).append(".partner_id = ?");
        params.add(partnerId);
      }
      if (tenant != null) {
        sql.append(" and (")
            .append(alias)
            .append(".customer_tenant_id = ? or ")
            .append(alias)
            .append(".customer_domain = ?)");
        params.add(tenant);
        params.add(tenant.toLowerCase(java.util.Locale.ROOT));
      }
      return sql.toString();
    }
  }

  record Summary(
      Map<String, Long> byStatus,
      long total,
      long inFlight,
      long finished,
      Map<String, Long> rejectedByReason,
      long overdueReviews,
      long drafts,
      long associationsEnded,
      Map<String, Long> associationsEndedBy) {}

  Summary summary(Scope scope, Instant now) {
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (ClaimStatus status : ClaimStatus.values()) {
      List<Object> params = new ArrayList<>(List.of(status.name()));
      String sql = "select count(*) from claim c where c.status = ?" + scope.where("c", params);
      byStatus.put(status.name(), jdbc.sql(sql).params(params).query(Long.class).single());
    }
    List<Object> params = new ArrayList<>(List.of(ClaimStatus.REJECTED.name()));
    Map<String, Long> byReason = new LinkedHashMap<>();
    Arrays.stream(RejectionReason.values()).forEach(reason -> byReason.put(reason.name(), 0L));
    jdbc.sql(
            "select c.rejection_reason, count(*) from claim c where c.status = ?"
                + scope.where("c", params)
                + " group by c.rejection_reason")
        .params(params)
        .query(
            rs -> {
              String reason = rs.getString(1);
              byReason.put(reason == null ? "UNKNOWN" : reason, rs.getLong(2));
            });
    long total = byStatus.values().stream().mapToLong(Long::longValue).sum();
    long finished = FINISHED.stream().mapToLong(byStatus::get).sum();
    // A draft has no process yet: it is neither in flight nor finished.
    long drafts = byStatus.get(ClaimStatus.DRAFT.name());
    Map<String, Long> endedBy = associationsEndedBy(scope);
    return new Summary(
        byStatus,
        total,
        total - finished - drafts,
        finished,
        byReason,
        overdueReviews(scope, now),
        drafts,
        endedBy.values().stream().mapToLong(Long::longValue).sum(),
        endedBy);
  }

  /**
   * Associations ENDED, by who ended them (customer, partner, subscription expired). The claim is
   * joined for the scope's customer domain; without a scope the status leads an index of its own
   * (association_subscription_end_idx), with a partner association_partner_since_idx.
   */
  Map<String, Long> associationsEndedBy(Scope scope) {
    Map<String, Long> byWho = new LinkedHashMap<>();
    Arrays.stream(EndedBy.values()).forEach(by -> byWho.put(by.name(), 0L));
    List<Object> params = new ArrayList<>(List.of(AssociationStatus.ENDED.name()));
    String partner = "";
    if (scope.partnerId() != null) {
      partner = " and a.partner_id = ?";
      params.add(scope.partnerId());
    }
    String where = partner + new Scope(null, scope.tenant()).where("c", params);
    jdbc.sql(
            "select a.ended_by, count(*) from association a join claim c on c.id = a.claim_id"
                + " where a.status = ?"
                + where
                + " group by a.ended_by")
        .params(params)
        .query(
            rs -> {
              String by = rs.getString(1);
              byWho.merge(by == null ? "UNKNOWN" : by, rs.getLong(2), Long::sum);
            });
    return byWho;
  }

  long overdueReviews(Scope scope, Instant now) {
    List<Object> params = new ArrayList<>(List.of(ClaimStatus.UNDER_REVIEW.name(), ts(now)));
    return jdbc.sql(
            "select count(*) from claim c where c.status = ? and c.review_due_at < ?"
                + scope.where("c", params))
        .params(params)
        .query(Long.class)
        .single();
  }

  /** Claims per status, for the gauges. */
  Map<ClaimStatus, Long> countsByStatus() {
    Map<ClaimStatus, Long> counts = new EnumMap<>(ClaimStatus.class);
    for (ClaimStatus status : ClaimStatus.values()) {
      counts.put(
          status,
          jdbc.sql("select count(*) from claim where status = ?")
              .param(status.name())
              .query(Long.class)
              .single());
    }
    return counts;
  }

  /** Finished claims by outcome and reason (official: reason "NONE"), for the counters. */
  Map<String, Long> finishedByOutcomeAndReason() {
    Map<String, Long> counts = new HashMap<>();
    jdbc.sql(
            "select status, rejection_reason, count(*) from claim where status in (?, ?)"
                + " group by status, rejection_reason")
        .params(FINISHED)
        .query(
            rs -> {
              counts.put(
                  rs.getString(1) + "/" + Optional.ofNullable(rs.getString(2)).orElse("NONE"),
                  rs.getLong(3));
            });
    return counts;
  }

  /** One day of the claims' flow. */
  record Day(
      LocalDate day,
      long submitted,
      long official,
      long rejected,
      Map<String, Long> rejectedByReason,
      long withdrawn,
      long disputed,
      long associationsEnded,
      long corrected) {}

  List<Day> flow(LocalDate from, LocalDate to) {
    Map<LocalDate, long[]> counts = new TreeMap<>();
    Map<LocalDate, Map<String, Long>> reasons = new HashMap<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      counts.put(day, new long[7]);
      reasons.put(day, new LinkedHashMap<>());
    }
    // The events per day and type (read from claim_event_type_idx alone) ...
    // One select per type: with "type in (...)" H2 reads every entry of the types, whatever the
    // period; with "type = ?" it reads the period's range of each.
    String perType =
        " select cast(occurred_at as date), type, count(*) from claim_event"
            + " where type = ? and occurred_at >= ? and occurred_at < ?"
            + " group by cast(occurred_at as date), type";
    List<Object> params = new ArrayList<>();
    for (String type : List.of("SUBMITTED", "OFFICIAL", "REJECTED", "WITHDRAWN")) {
      params.add(type);
      params.add(start(from));
      params.add(start(to.plusDays(1)));
    }
    params.add(DISPUTED);
    params.add(start(from));
    params.add(start(to.plusDays(1)));
    // Endings: one ASSOCIATION_ENDED entry per ending, naming every workload it ended.
    params.add(ClaimEventType.ASSOCIATION_ENDED.name());
    params.add(start(from));
    params.add(start(to.plusDays(1)));
    // Corrections: one CORRECTED entry per changed field; counted are the claims corrected that
    // day (the index holds claim_id too, so this is still read from the index alone).
    params.add(ClaimEventType.CORRECTED.name());
    params.add(start(from));
    params.add(start(to.plusDays(1)));
    jdbc.sql(
            String.join(" union all", java.util.Collections.nCopies(4, perType))
                // Disputes: a rejection the partner disputed (its outcome is another entry).
                + " union all"
                + perType
                + " union all"
                + perType
                + " union all"
                + perType.replace("count(*)", "count(distinct claim_id)"))
        .params(params)
        .query(
            rs -> {
              long[] day = counts.get(rs.getDate(1).toLocalDate());
              if (day == null) {
                return;
              }
              long count = rs.getLong(3);
              switch (rs.getString(2)) {
                case "SUBMITTED" -> day[0] += count;
                case "OFFICIAL" -> day[1] += count;
                case "REJECTED" -> day[2] += count;
                case "WITHDRAWN" -> day[3] += count;
                case "ASSOCIATION_ENDED" -> day[5] += count;
                case "CORRECTED" -> day[6] += count;
                default -> day[4] += count;
              }
            });
    // ... and the rejected claims' reasons by the day they were rejected (a rejected claim changes
    // no
    // more: its updated_at is the rejection's time).
    jdbc.sql(
            "select cast(updated_at as date), rejection_reason, count(*) from claim"
                + " where status = ? and updated_at >= ? and updated_at < ?"
                + " group by cast(updated_at as date), rejection_reason")
        .params(ClaimStatus.REJECTED.name(), start(from), start(to.plusDays(1)))
        .query(
            rs -> {
              Map<String, Long> day = reasons.get(rs.getDate(1).toLocalDate());
              if (day != null) {
                day.merge(
                    Optional.ofNullable(rs.getString(2)).orElse("UNKNOWN"),
                    rs.getLong(3),
                    Long::sum);
              }
            });
    List<Day> days = new ArrayList<>();
    counts.forEach(
        (day, c) ->
            days.add(new Day(day, c[0], c[1], c[2], reasons.get(day), c[3], c[4], c[5], c[6])));
    return days;
  }

  /** A stage of a claim: from one event to the next of another kind. */
  enum Stage {
    SUBMISSION_TO_DECISION(
        "Submission to decision",
        List.of(ClaimEventType.SUBMITTED),
        List.of(ClaimEventType.APPROVED_BY_VALIDATOR, ClaimEventType.REJECTED_BY_VALIDATOR)),
    INFORMATION_REQUEST_TO_ANSWER(
        "Request for information to answer",
        List.of(ClaimEventType.INFORMATION_REQUESTED),
        List.of(ClaimEventType.PARTNER_ANSWERED)),
    APPROVAL_TO_OFFICIAL(
        "Approval to official",
        List.of(ClaimEventType.APPROVED_BY_VALIDATOR),
        List.of(ClaimEventType.OFFICIAL));

    final String label;
    final List<ClaimEventType> starts;
    final List<ClaimEventType> ends;

    Stage(String label, List<ClaimEventType> starts, List<ClaimEventType> ends) {
      this.label = label;
      this.starts = starts;
      this.ends = ends;
    }
  }

  /** A stage's durations in the period: how many ended, median and 90th percentile (seconds). */
  record StageDurations(
      String stage, String label, int count, Long medianSeconds, Long p90Seconds) {}

  /** Reviews decided in the period, and how many by their due time (five business days). */
  record Sla(
      int reviewsDecided, int decidedWithinFiveBusinessDays, Double share, long overdueNow) {}

  record Stages(List<StageDurations> stages, Sla sla) {}

  /**
   * The stages that ended in the period, from table claim_stage (written as each stage ends, see
   * {@link EndedStages}): one index range per stage, the percentiles counted by the database.
   */
  Stages stages(LocalDate from, LocalDate to, Instant now) {
    List<StageDurations> durations = new ArrayList<>();
    for (Stage stage : Stage.values()) {
      Ended ended = ended(stage.name(), from, to);
      durations.add(
          new StageDurations(stage.name(), stage.label, ended.count, ended.median, ended.p90));
    }
    // A review round starts when the task is created and ends with the validator's decision (an
    // information request is one too), due five business days after it started.
    Ended reviews = ended(EndedStages.REVIEW_ROUND, from, to);
    Double share = reviews.count == 0 ? null : (double) reviews.withinDue / reviews.count;
    return new Stages(
        durations,
        new Sla(reviews.count, reviews.withinDue, share, overdueReviews(Scope.ALL, now)));
  }

  private record Ended(int count, Long median, Long p90, int withinDue) {}

  private Ended ended(String stage, LocalDate from, LocalDate to) {
    // Nearest rank (percentile_disc): the smallest value with at least that share at or below it.
    return jdbc.sql(
            "select count(*), percentile_disc(0.5) within group (order by seconds),"
                + " percentile_disc(0.9) within group (order by seconds),"
                + " coalesce(sum(case when ended_at <= due_at then 1 else 0 end), 0)"
                + " from claim_stage where stage = ? and ended_at >= ? and ended_at < ?")
        .params(stage, start(from), start(to.plusDays(1)))
        .query(
            (rs, n) ->
                new Ended(
                    rs.getInt(1),
                    (Long) rs.getObject(2, Long.class),
                    (Long) rs.getObject(3, Long.class),
                    rs.getInt(4)))
        .single();
  }

  /**
   * The newest row of claim_stage (0 when none): where the timers of {@link ClaimMetrics} stand.
   */
  long lastEndedStageId() {
    return jdbc.sql("select coalesce(max(id), 0) from claim_stage").query(Long.class).single();
  }

  /** A stage that ended and how long it took (millis). */
  record EndedStage(Stage stage, long millis) {}

  /**
   * The stages written to claim_stage as rows {@code afterId + 1 .. upToId} (review rounds left
   * out): for the timers of {@link ClaimMetrics}.
   */
  List<EndedStage> stagesEndedBetween(long afterId, long upToId) {
    return jdbc.sql(
            "select stage, started_at, ended_at from claim_stage where id > ? and id <= ?"
                + " and stage <> ?")
        .params(afterId, upToId, EndedStages.REVIEW_ROUND)
        .query(
            (rs, n) ->
                new EndedStage(
                    Stage.valueOf(rs.getString(1)),
                    rs.getTimestamp(3).getTime() - rs.getTimestamp(2).getTime()))
        .list();
  }

  /** Where running claims wait now: per activity, how many and how long. */
  record Waiting(String activityId, String activityName, long total, Map<String, Long> byAge) {}

  static final List<String> AGE_BUCKETS =
      List.of("under 1 day", "1-5 days", "5-10 days", "over 10 days");

  List<Waiting> waiting(Instant now) {
    Timestamp oneDay = ts(now.minus(Duration.ofDays(1)));
    Timestamp fiveDays = ts(now.minus(Duration.ofDays(5)));
    Timestamp tenDays = ts(now.minus(Duration.ofDays(10)));
    // Unfinished activity instances are few and found through the engine's index on END_TIME_.
    return jdbc.sql(
            "select ACT_ID_, max(ACT_NAME_),"
                + " sum(case when START_TIME_ >= ? then 1 else 0 end),"
                + " sum(case when START_TIME_ < ? and START_TIME_ >= ? then 1 else 0 end),"
                + " sum(case when START_TIME_ < ? and START_TIME_ >= ? then 1 else 0 end),"
                + " sum(case when START_TIME_ < ? then 1 else 0 end)"
                + " from ACT_HI_ACTINST where END_TIME_ is null and PROC_DEF_KEY_ = ?"
                + " and ACT_TYPE_ not in ('subProcess', 'multiInstanceBody')"
                + " group by ACT_ID_ order by ACT_ID_")
        .params(oneDay, oneDay, fiveDays, fiveDays, tenDays, tenDays, ClaimProcess.PROCESS_KEY)
        .query(
            (rs, n) -> {
              Map<String, Long> byAge = new LinkedHashMap<>();
              long total = 0;
              for (int i = 0; i < AGE_BUCKETS.size(); i++) {
                long count = rs.getLong(3 + i);
                byAge.put(AGE_BUCKETS.get(i), count);
                total += count;
              }
              String name = rs.getString(2);
              return new Waiting(
                  rs.getString(1), name == null ? rs.getString(1) : name, total, byAge);
            })
        .list();
  }

  /** A finished claim in the search list. */
  record FinishedClaim(
      String claimId,
      String partnerId,
      String partnerName,
      String customerTenantId,
      String customerDomain,
      String solutionArea,
      String workloads,
      String status,
      String rejectionReason,
      Instant submittedAt,
      Instant finishedAt) {}

  record Search(
      String claimId,
      String partnerId,
      String tenant,
      List<String> statuses,
      LocalDate from,
      LocalDate to,
      int page,
      int size) {}

  record FinishedPage(List<FinishedClaim> content, int page, int size, long totalElements) {}

  FinishedPage finished(Search search) {
    List<Object> params = new ArrayList<>(search.statuses());
    StringBuilder where =
        new StringBuilder(" where c.status in (" + marks(search.statuses().size()) + ")");
    if (search.claimId() != null) {
      where.append(" and c.id = ?");
      params.add(search.claimId());
    }
    where.append(new Scope(search.partnerId(), search.tenant()).where("c", params));
    if (search.from() != null) {
      where.append(" and c.updated_at >= ?");
      params.add(start(search.from()));
    }
    if (search.to() != null) {
      where.append(" and c.updated_at < ?");
      params.add(start(search.to().plusDays(1)));
    }
    long total =
        jdbc.sql("select count(*) from claim c" + where).params(params).query(Long.class).single();
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(search.size());
    pageParams.add((long) search.page() * search.size());
    List<FinishedClaim> content =
        jdbc.sql(
                "select c.id, c.partner_id, c.customer_tenant_id, c.customer_domain, c.solution_area,"
                    + " c.status, c.rejection_reason, c.submitted_at, c.updated_at, c.partner_name"
                    + " from claim c"
                    + where
                    + " order by c.updated_at desc, c.id desc limit ? offset ?")
            .params(pageParams)
            .query(
                (rs, n) ->
                    new FinishedClaim(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(10),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        null,
                        rs.getString(6),
                        rs.getString(7),
                        instant(rs.getTimestamp(8)),
                        instant(rs.getTimestamp(9))))
            .list();
    return new FinishedPage(withWorkloads(content), search.page(), search.size(), total);
  }

  /**
   * The page's claims with their workloads (comma-separated, in the partner's order), read for the
   * whole page in one statement.
   */
  private List<FinishedClaim> withWorkloads(List<FinishedClaim> page) {
    if (page.isEmpty()) {
      return page;
    }
    // Unsorted, like the partner's lists: read from an index, each claim's few ordered here.
    Map<String, TreeMap<Integer, String>> byClaim = new HashMap<>();
    jdbc.sql("select claim_id, ordinal, workload from claim_workload where claim_id in (:ids)")
        .param("ids", page.stream().map(FinishedClaim::claimId).toList())
        .query(
            rs -> {
              byClaim
                  .computeIfAbsent(rs.getString(1), id -> new TreeMap<>())
                  .put(rs.getInt(2), rs.getString(3));
            });
    return page.stream()
        .map(
            c ->
                new FinishedClaim(
                    c.claimId(),
                    c.partnerId(),
                    c.partnerName(),
                    c.customerTenantId(),
                    c.customerDomain(),
                    c.solutionArea(),
                    String.join(",", byClaim.getOrDefault(c.claimId(), new TreeMap<>()).values()),
                    c.status(),
                    c.rejectionReason(),
                    c.submittedAt(),
                    c.finishedAt()))
        .toList();
  }

  /** One entry of a claim's history, as the analyst reads it. */
  record Entry(Instant at, String actor, String type, String detail) {}

  /**
   * A claim's whole history: what the partner sees, and what only validators see (the automated
   * checks' findings, which may name competing partners).
   */
  record ClaimHistoryView(
      String claimId,
      String partnerId,
      String partnerName,
      String customerTenantId,
      String customerDomain,
      String status,
      String rejectionReason,
      Instant submittedAt,
      Instant updatedAt,
      String checkFindings,
      List<Entry> history) {}

  Optional<ClaimHistoryView> history(String claimId) {
    return jdbc.sql(
            "select id, partner_id, customer_tenant_id, customer_domain, status, rejection_reason,"
                + " submitted_at, updated_at, check_findings, partner_name from claim where id = ?")
        .param(claimId)
        .query(
            (rs, n) ->
                new ClaimHistoryView(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(10),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    instant(rs.getTimestamp(7)),
                    instant(rs.getTimestamp(8)),
                    rs.getString(9),
                    null))
        .optional()
        .map(
            claim ->
                new ClaimHistoryView(
                    claim.claimId(),
                    claim.partnerId(),
                    claim.partnerName(),
                    claim.customerTenantId(),
                    claim.customerDomain(),
                    claim.status(),
                    claim.rejectionReason(),
                    claim.submittedAt(),
                    claim.updatedAt(),
                    claim.checkFindings(),
                    jdbc.sql(
                            "select occurred_at, actor, type, detail from claim_event"
                                + " where claim_id = ? order by occurred_at, id")
                        .param(claimId)
                        .query(
                            (rs, n) ->
                                new Entry(
                                    instant(rs.getTimestamp(1)),
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getString(4)))
                        .list()));
  }

  /** The partners with the most rejected claims in the period. */
  record PartnerRejections(
      String partnerId, String partnerName, long rejected, Map<String, Long> byReason) {}

  List<PartnerRejections> rejectionsByPartner(LocalDate from, LocalDate to, int limit) {
    Map<String, Map<String, Long>> byPartner = new LinkedHashMap<>();
    Map<String, String> names = new HashMap<>();
    jdbc.sql(
            "select c.partner_id, c.rejection_reason, count(*), max(c.partner_name) from claim c"
                + " where c.status = ? and c.updated_at >= ? and c.updated_at < ?"
                + " group by c.partner_id, c.rejection_reason")
        .params(ClaimStatus.REJECTED.name(), start(from), start(to.plusDays(1)))
        .query(
            rs -> {
              if (rs.getString(4) != null) {
                names.put(rs.getString(1), rs.getString(4));
              }
              byPartner
                  .computeIfAbsent(rs.getString(1), p -> new TreeMap<>())
                  .put(Optional.ofNullable(rs.getString(2)).orElse("UNKNOWN"), rs.getLong(3));
            });
    return byPartner.entrySet().stream()
        .map(
            partner ->
                new PartnerRejections(
                    partner.getKey(),
                    names.get(partner.getKey()),
                    partner.getValue().values().stream().mapToLong(Long::longValue).sum(),
                    partner.getValue()))
        .sorted(
            java.util.Comparator.comparingLong(PartnerRejections::rejected)
                .reversed()
                .thenComparing(PartnerRejections::partnerId))
        .limit(limit)
        .toList();
  }

  private Timestamp start(LocalDate day) {
    return ts(day.atStartOfDay(deadlines.zone()).toInstant());
  }

  private static String marks(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  private static Timestamp ts(Instant instant) {
    return Timestamp.from(instant);
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
