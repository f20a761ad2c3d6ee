package org.cpor.claims.analytics;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cpor.claims.analytics.ClaimAnalytics.FinishedPage;
import org.cpor.claims.analytics.ClaimAnalytics.Scope;
import org.cpor.claims.analytics.ClaimAnalytics.Search;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.security.CurrentUser;
import org.cpor.claims.security.Roles;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Claim analytics for process analysts and admins: read-only, over HTTP Basic or the Cockpit
 * session (see {@code ApiAuthenticationFilter}). Query parameters are read as text and checked
 * here, so that a bad one is a 400 naming the parameter and its rule.
 */
@RestController
@RequestMapping("/api/analytics/claims")
@Tag(name = "Analytics", description = "Claim figures for process analysts (read-only)")
@SecurityRequirement(name = "basic")
class AnalyticsController {

  static final int MAX_DAYS = 366;
  static final int MAX_PAGE_SIZE = 200;

  private final ClaimAnalytics analytics;
  private final CurrentUser currentUser;
  private final Deadlines calendar;

  AnalyticsController(ClaimAnalytics analytics, CurrentUser currentUser, Deadlines calendar) {
    this.analytics = analytics;
    this.currentUser = currentUser;
    this.calendar = calendar;
  }

  @Operation(
      summary = "Claims by status now",
      description =
          "byStatus: status → count; the rejected ones by reason; reviews overdue now; drafts "
              + "(saved, not submitted: neither in flight nor finished); associations ended, by "
              + "who ended them (CUSTOMER, PARTNER, SUBSCRIPTION_EXPIRED). "
              + "Optionally only one partner's (partnerId) or one customer's (tenant: ID or domain).")
  @GetMapping("/summary")
  ClaimAnalytics.Summary summary(
      @RequestParam(required = false) String partnerId,
      @RequestParam(required = false) String tenant) {
    analystsOnly();
    return analytics.summary(new Scope(text(partnerId), text(tenant)), EngineClock.now());
  }

  /** The claims' flow per day. */
  record Flow(LocalDate from, LocalDate to, List<ClaimAnalytics.Day> days) {}

  @Operation(
      summary = "Flow per day",
      description =
          "Submitted, official, rejected (by reason), withdrawn and disputed claims per day over the "
              + "last `days` days (1-366, default 30), or from `from` to `to` (ISO dates); "
              + "associationsEnded: endings of official associations (one per ending, which may "
              + "end several workloads of a claim); corrected: claims corrected that day (however "
              + "many fields).")
  @GetMapping("/flow")
  Flow flow(
      @RequestParam(required = false) String days,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    analystsOnly();
    Period period = period(days, from, to);
    return new Flow(period.from(), period.to(), analytics.flow(period.from(), period.to()));
  }

  record StagesAnswer(
      LocalDate from,
      LocalDate to,
      List<ClaimAnalytics.StageDurations> stages,
      ClaimAnalytics.Sla sla) {}

  @Operation(
      summary = "Stage durations and the review SLA",
      description =
          "Median and 90th percentile (seconds) of submission → decision, request for information → "
              + "answer and approval → official, for the stages that ended in the period; the share "
              + "of reviews decided within five business days; the reviews overdue now.")
  @GetMapping("/stages")
  StagesAnswer stages(
      @RequestParam(required = false) String days,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    analystsOnly();
    Period period = period(days, from, to);
    ClaimAnalytics.Stages stages = analytics.stages(period.from(), period.to(), EngineClock.now());
    return new StagesAnswer(period.from(), period.to(), stages.stages(), stages.sla());
  }

  record WaitingAnswer(List<String> ageBuckets, List<ClaimAnalytics.Waiting> activities) {}

  @Operation(
      summary = "Where claims wait now",
      description = "Running claims per activity of the process, by how long they have waited.")
  @GetMapping("/waiting")
  WaitingAnswer waiting() {
    analystsOnly();
    return new WaitingAnswer(ClaimAnalytics.AGE_BUCKETS, analytics.waiting(EngineClock.now()));
  }

  @Operation(
      summary = "Search finished claims",
      description =
          "Official and rejected claims, newest first: by claim ID, partner ID, tenant (ID or "
              + "domain), status (OFFICIAL, REJECTED) and the day they finished (from, to).")
  @GetMapping("/finished")
  FinishedPage finished(
      @RequestParam(required = false) String claimId,
      @RequestParam(required = false) String partnerId,
      @RequestParam(required = false) String tenant,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String page,
      @RequestParam(required = false) String size) {
    analystsOnly();
    List<InvalidQuery.Error> errors = new ArrayList<>();
    List<String> statuses = ClaimAnalytics.FINISHED;
    if (text(status) != null) {
      if (!ClaimAnalytics.FINISHED.contains(status.trim())) {
        errors.add(
            new InvalidQuery.Error(
                "status", "must be one of " + ClaimAnalytics.FINISHED + " (finished claims)"));
      } else {
        statuses = List.of(status.trim());
      }
    }
    LocalDate fromDay = date("from", from, errors);
    LocalDate toDay = date("to", to, errors);
    if (fromDay != null && toDay != null && toDay.isBefore(fromDay)) {
      errors.add(new InvalidQuery.Error("to", "must not be before from"));
    }
    int pageNumber = number("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE, errors);
    int pageSize = number("size", size, 20, 1, MAX_PAGE_SIZE, errors);
    InvalidQuery.throwIfAny(errors);
    return analytics.finished(
        new Search(
            text(claimId),
            text(partnerId),
            text(tenant),
            statuses,
            fromDay,
            toDay,
            pageNumber,
            pageSize));
  }

  @Operation(
      summary = "A claim's whole history",
      description =
          "Every entry of the claim's history, as partners see it, and what only validators see: "
              + "the automated checks' findings.")
  @GetMapping("/{id}/history")
  ClaimAnalytics.ClaimHistoryView history(@PathVariable("id") String claimId) {
    analystsOnly();
    return analytics
        .history(claimId)
        .orElseThrow(() -> new ClaimNotFound("No claim " + claimId + "."));
  }

  @Operation(
      summary = "Partners with the most rejections",
      description = "The 20 partners with the most claims rejected in the period, by reason.")
  @GetMapping("/rejections-by-partner")
  List<ClaimAnalytics.PartnerRejections> rejectionsByPartner(
      @RequestParam(required = false) String days,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    analystsOnly();
    Period period = period(days, from, to);
    return analytics.rejectionsByPartner(period.from(), period.to(), 20);
  }

  // ---- access and parameters

  private void analystsOnly() {
    if (!currentUser.isIn(Roles.ANALYSTS) && !currentUser.isIn(Roles.ADMINS)) {
      throw new NotAnAnalyst();
    }
  }

  record Period(LocalDate from, LocalDate to) {}

  /** The last {@code days} days up to today, or the days from {@code from} to {@code to}. */
  private Period period(String days, String from, String to) {
    List<InvalidQuery.Error> errors = new ArrayList<>();
    LocalDate today = EngineClock.now().atZone(calendar.zone()).toLocalDate();
    if (text(from) != null || text(to) != null) {
      if (text(days) != null) {
        errors.add(new InvalidQuery.Error("days", "must not be given together with from and to"));
      }
      LocalDate fromDay = date("from", from, errors);
      LocalDate toDay = text(to) == null ? today : date("to", to, errors);
      if (text(from) == null) {
        errors.add(new InvalidQuery.Error("from", "is required when to is given"));
      }
      if (fromDay != null && toDay != null) {
        if (toDay.isBefore(fromDay)) {
          errors.add(new InvalidQuery.Error("to", "must not be before from"));
        } else if (fromDay.plusDays(MAX_DAYS).isBefore(toDay.plusDays(1))) {
          errors.add(
              new InvalidQuery.Error("to", "must be at most " + MAX_DAYS + " days after from"));
        }
      }
      InvalidQuery.throwIfAny(errors);
      return new Period(fromDay, toDay);
    }
    int count = number("days", days, 30, 1, MAX_DAYS, errors);
    InvalidQuery.throwIfAny(errors);
    return new Period(today.minusDays(count - 1L), today);
  }

  private static LocalDate date(String field, String value, List<InvalidQuery.Error> errors) {
    if (text(value) == null) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException notADate) {
      errors.add(new InvalidQuery.Error(field, "must be a date like 2026-03-31"));
      return null;
    }
  }

  private static int number(
      String field, String value, int fallback, int min, int max, List<InvalidQuery.Error> errors) {
    if (text(value) == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.trim());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    errors.add(new InvalidQuery.Error(field, "must be a whole number from " + min + " to " + max));
    return fallback;
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  // ---- errors as problem details (the controller's own, before the partner API's advice)

  static final class NotAnAnalyst extends RuntimeException {
    NotAnAnalyst() {
      super("Claim analytics are for the groups analysts and camunda-admin.");
    }
  }

  static final class ClaimNotFound extends RuntimeException {
    ClaimNotFound(String message) {
      super(message);
    }
  }

  static final class InvalidQuery extends RuntimeException {
    record Error(String field, String rule) {}

    private final List<Error> errors;

    InvalidQuery(List<Error> errors) {
      super(errors.toString());
      this.errors = List.copyOf(errors);
    }

    static void throwIfAny(List<Error> errors) {
      if (!errors.isEmpty()) {
        throw new InvalidQuery(errors);
      }
    }
  }

  @ExceptionHandler(NotAnAnalyst.class)
  ProblemDetail forbidden(NotAnAnalyst refused) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, refused.getMessage());
    problem.setTitle("Forbidden");
    return problem;
  }

  @ExceptionHandler(ClaimNotFound.class)
  ProblemDetail notFound(ClaimNotFound missing) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, missing.getMessage());
    problem.setTitle("Not found");
    return problem;
  }

  @ExceptionHandler(InvalidQuery.class)
  ProblemDetail invalid(InvalidQuery invalid) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST,
            String.join(
                "; ",
                invalid.errors.stream().map(error -> error.field() + " " + error.rule()).toList()));
    problem.setTitle("Invalid analytics query");
    problem.setProperty(
        "errors",
        invalid.errors.stream()
            .map(error -> Map.of("field", error.field(), "rule", error.rule()))
            .toList());
    return problem;
  }
}
