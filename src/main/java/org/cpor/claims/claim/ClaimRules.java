package org.cpor.claims.claim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rules a claim must follow on its own, without looking at other claims: required fields,
 * formats, lengths (the claim table's columns), the programme's rules and the workload catalogue.
 * Each violation names the field and the rule ("field: rule").
 */
@Component
public class ClaimRules {

  static final Pattern GUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  static final Pattern DOMAIN =
      Pattern.compile(
          "^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$");
  static final Pattern PARTNER_ID = Pattern.compile("^[0-9]{4,10}$");

  /** Longest accepted value per field: the claim table's column sizes. */
  public static final Map<String, Integer> MAX_LENGTHS =
      Map.ofEntries(
          Map.entry("partnerId", 64),
          Map.entry("claimName", 200),
          Map.entry("customerDomain", 255),
          Map.entry("customerTenantId", 64),
          Map.entry("solutionArea", 40),
          Map.entry("activity", 40),
          Map.entry("workloads", 1000),
          Map.entry("subscriptionId", 64),
          Map.entry("customerContactName", 200),
          Map.entry("customerContactTitle", 200),
          Map.entry("customerContactEmail", 320),
          Map.entry("customerTechnicalContactName", 200),
          Map.entry("customerTechnicalContactEmail", 320),
          Map.entry("solutionSellerName", 200),
          Map.entry("customerName", 200),
          Map.entry("isvProductName", 200),
          Map.entry("customerLanguage", 35),
          Map.entry("partnerLanguage", 35),
          Map.entry("partnerContactName", 200),
          Map.entry("partnerContactEmail", 320),
          Map.entry("proofOfExecution", 2000),
          Map.entry("comments", 4000));

  public static final int MAX_WORKLOAD_LENGTH = 100;

  /** The claim's violations, and its workloads in the catalogue's spelling. */
  public record Outcome(List<String> violations, List<String> workloads) {}

  private final WorkloadCatalogue catalogue;

  ClaimRules(WorkloadCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  public static boolean isPartnerId(String value) {
    return value != null && PARTNER_ID.matcher(value).matches();
  }

  public static boolean isEmail(String value) {
    return value != null && EMAIL.matcher(value.trim()).matches();
  }

  static boolean isGuid(String value) {
    return !blank(value) && GUID.matcher(value).matches();
  }

  static boolean isDomain(String value) {
    return !blank(value) && DOMAIN.matcher(value.trim()).matches();
  }

  /** Every rule the claim breaks, in the order of its fields. */
  public List<String> violations(Claim claim) {
    return apply(claim).violations();
  }

  public Outcome apply(Claim claim) {
    List<String> violations = new ArrayList<>();
    List<String> workloads = evaluateRules(claim, violations);
    return new Outcome(List.copyOf(violations), workloads);
  }

  /**
   * The rules a draft must follow: the same formats, lengths, values and catalogue, but a field
   * left empty is no violation yet (the full rules apply when the draft is submitted).
   */
  public List<String> draftViolations(Claim claim) {
    List<String> violations = new ArrayList<>();
    evaluateRules(claim, violations);
    return violations.stream()
        .filter(violation -> !violation.endsWith(REQUIRED) && !violation.equals(NO_WORKLOAD))
        .toList();
  }

  private static final String REQUIRED = ": is required";
  private static final String NO_WORKLOAD = "workloads: at least one workload is required";

  /** Adds the violated rules; returns the claimed workloads in the catalogue's spelling. */
  private List<String> evaluateRules(Claim claim, List<String> violations) {
    require(
        violations,
        "partnerId",
        claim.partnerId(),
        PARTNER_ID,
        "must be the partner's MPN ID (4 to 10 digits)");
    require(violations, "claimName", claim.content().claimName(), null, null);
    require(
        violations,
        "customerDomain",
        claim.content().customerDomain(),
        DOMAIN,
        "must be a domain name such as contoso.com");
    require(
        violations, "customerTenantId", claim.content().customerTenantId(), GUID, "must be a GUID");
    require(violations, "customerContactName", claim.content().customerContactName(), null, null);
    require(violations, "customerContactTitle", claim.content().customerContactTitle(), null, null);
    require(
        violations,
        "customerContactEmail",
        claim.content().customerContactEmail(),
        EMAIL,
        "must be an email address");
    require(violations, "partnerContactName", claim.content().partnerContactName(), null, null);
    require(
        violations,
        "partnerContactEmail",
        claim.content().partnerContactEmail(),
        EMAIL,
        "must be an email address");
    require(violations, "proofOfExecution", claim.content().proofOfExecution(), null, null);
    maxLength(violations, "claimName", claim.content().claimName());
    maxLength(violations, "customerDomain", claim.content().customerDomain());
    maxLength(violations, "subscriptionId", claim.content().subscriptionId());
    maxLength(violations, "customerContactName", claim.content().customerContactName());
    maxLength(violations, "customerContactTitle", claim.content().customerContactTitle());
    maxLength(violations, "customerContactEmail", claim.content().customerContactEmail());
    maxLength(violations, "partnerContactName", claim.content().partnerContactName());
    maxLength(violations, "partnerContactEmail", claim.content().partnerContactEmail());
    maxLength(violations, "proofOfExecution", claim.content().proofOfExecution());
    maxLength(violations, "comments", claim.content().comments());
    ClaimContent content = claim.content();
    maxLength(violations, "customerTechnicalContactName", content.customerTechnicalContactName());
    maxLength(violations, "customerTechnicalContactEmail", content.customerTechnicalContactEmail());
    maxLength(violations, "solutionSellerName", content.solutionSellerName());
    maxLength(violations, "customerName", content.customerName());
    maxLength(violations, "isvProductName", content.isvProductName());
    language(violations, "customerLanguage", content.customerLanguage());
    language(violations, "partnerLanguage", content.partnerLanguage());

    SolutionArea area =
        parse(violations, "solutionArea", claim.content().solutionArea(), SolutionArea.class);
    Activity activity = parse(violations, "activity", claim.content().activity(), Activity.class);
    if (activity == Activity.REVENUE_ASSOCIATION && area == SolutionArea.MICROSOFT_365) {
      violations.add(
          "activity: REVENUE_ASSOCIATION is only for solution area BUSINESS_APPLICATIONS");
    }
    if (claim.content().perSubscription()) {
      require(
          violations,
          "subscriptionId",
          claim.content().subscriptionId(),
          GUID,
          "must be the customer's subscription ID (a GUID) for PRE_SALES and BUSINESS_APPLICATIONS"
              + " claims");
    } else if (!blank(claim.content().subscriptionId())
        && !isGuid(claim.content().subscriptionId().trim())) {
      violations.add("subscriptionId: must be a GUID");
    }
    subscriptionEndDate(violations, claim.content());
    List<String> workloads = workloads(violations, area, claim.content().workloads());
    if (claim.content().dynamics365()) {
      require(
          violations,
          "customerTechnicalContactName",
          content.customerTechnicalContactName(),
          null,
          null);
      require(
          violations,
          "customerTechnicalContactEmail",
          content.customerTechnicalContactEmail(),
          EMAIL,
          "must be an email address");
    } else if (!blank(content.customerTechnicalContactEmail())
        && !isEmail(content.customerTechnicalContactEmail())) {
      violations.add("customerTechnicalContactEmail: must be an email address");
    }
    if (activity == Activity.REVENUE_ASSOCIATION) {
      require(violations, "solutionSellerName", content.solutionSellerName(), null, null);
      require(violations, "customerName", content.customerName(), null, null);
      require(violations, "isvProductName", content.isvProductName(), null, null);
    }
    return workloads;
  }

  /** A language is optional (the claim gets a default) but, when given, a BCP 47 tag. */
  private static void language(List<String> violations, String field, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    if (value.length() > MAX_LENGTHS.get(field)) {
      maxLength(violations, field, value);
    } else if (!Languages.isWellFormed(value)) {
      violations.add(
          field
              + ": must be a BCP 47 language tag such as "
              + String.join(", ", Languages.SUPPORTED));
    }
  }

  private static void maxLength(List<String> violations, String field, String value) {
    int max = MAX_LENGTHS.get(field);
    if (value != null && value.length() > max) {
      violations.add(field + ": must be at most " + max + " characters");
    }
  }

  private List<String> workloads(List<String> violations, SolutionArea area, List<String> claimed) {
    List<String> named = claimed.stream().map(String::trim).filter(w -> !w.isEmpty()).toList();
    if (named.isEmpty()) {
      violations.add(NO_WORKLOAD);
      return List.of();
    }
    Set<String> known = new LinkedHashSet<>();
    for (String workload : named) {
      if (workload.length() > MAX_WORKLOAD_LENGTH) {
        violations.add(
            "workloads: each workload must be at most " + MAX_WORKLOAD_LENGTH + " characters");
        continue;
      }
      if (area == null) {
        known.add(workload);
        continue;
      }
      Optional<String> found = catalogue.find(area, workload);
      if (found.isPresent()) {
        known.add(found.get());
      } else {
        violations.add(
            "workloads: '"
                + workload
                + "' is not in the catalogue for "
                + area
                + " (allowed: "
                + String.join(", ", catalogue.workloadsOf(area))
                + ")");
      }
    }
    return List.copyOf(known);
  }

  private static void require(
      List<String> violations, String field, String value, Pattern format, String rule) {
    if (blank(value)) {
      violations.add(field + ": is required");
    } else if (format != null && !format.matcher(value.trim()).matches()) {
      violations.add(field + ": " + rule);
    }
  }

  private static <E extends Enum<E>> E parse(
      List<String> violations, String field, String value, Class<E> type) {
    if (blank(value)) {
      violations.add(field + ": is required");
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim());
    } catch (IllegalArgumentException e) {
      violations.add(field + ": must be one of " + Arrays.toString(type.getEnumConstants()));
      return null;
    }
  }

  static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /**
   * The subscription's last day: optional, an ISO date (2027-06-30), and only where one partner
   * holds a subscription (pre-sales, Business Applications).
   */
  private static void subscriptionEndDate(List<String> violations, ClaimContent content) {
    String value = content.subscriptionEndDate();
    if (blank(value)) {
      return;
    }
    if (!content.perSubscription()) {
      violations.add(
          "subscriptionEndDate: only for PRE_SALES and BUSINESS_APPLICATIONS claims, which hold a"
              + " subscription");
    } else if (value.length() > 10 || content.subscriptionEndsOn() == null) {
      violations.add("subscriptionEndDate: must be a date as YYYY-MM-DD");
    }
  }
}
