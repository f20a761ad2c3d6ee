package org.cpor.claims.claim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.tenant.TenantDirectory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The automated checks every claim passes before a validator sees it: required fields present and
 * well formed, domain and tenant matching, no duplicate, competing claims flagged.
 */
@Component
public class ClaimChecks {

  static final Pattern GUID =
      Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  static final Pattern DOMAIN =
      Pattern.compile("^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$");
  static final Pattern PARTNER_ID = Pattern.compile("^[0-9]{4,10}$");

  /** Longest accepted value per field: the claim table's column sizes. */
  public static final Map<String, Integer> MAX_LENGTHS = Map.ofEntries(
      Map.entry("partnerId", 64), Map.entry("claimName", 200), Map.entry("customerDomain", 255),
      Map.entry("customerTenantId", 64), Map.entry("solutionArea", 40), Map.entry("activity", 40),
      Map.entry("workloads", 1000), Map.entry("subscriptionId", 64), Map.entry("customerContactName", 200),
      Map.entry("customerContactTitle", 200), Map.entry("customerContactEmail", 320),
      Map.entry("partnerContactName", 200), Map.entry("partnerContactEmail", 320),
      Map.entry("proofOfExecution", 2000), Map.entry("comments", 4000));
  public static final int MAX_WORKLOAD_LENGTH = 100;

  private final WorkloadCatalogue catalogue;
  private final TenantDirectory tenantDirectory;
  private final ClaimRepository claims;
  private final AssociationRegister associations;

  public ClaimChecks(
      WorkloadCatalogue catalogue, TenantDirectory tenantDirectory, ClaimRepository claims, AssociationRegister associations) {
    this.catalogue = catalogue;
    this.tenantDirectory = tenantDirectory;
    this.claims = claims;
    this.associations = associations;
  }

  public static boolean isPartnerId(String value) {
    return value != null && PARTNER_ID.matcher(value).matches();
  }

  public static boolean isEmail(String value) {
    return value != null && EMAIL.matcher(value.trim()).matches();
  }

  /**
   * The rules a claim must follow on its own: required fields, formats, lengths, program rules and the
   * workload catalogue. Each violation names the field and the rule ("field: rule").
   */
  public List<String> ruleViolations(Claim claim) {
    List<String> violations = new ArrayList<>();
    evaluateRules(claim, violations);
    return violations;
  }

  /** The domain the tenant directory knows for the claim's tenant; empty for an unknown or malformed tenant. */
  private Optional<String> registeredDomain(Claim claim) {
    if (blank(claim.customerTenantId()) || !GUID.matcher(claim.customerTenantId()).matches()) {
      return Optional.empty();
    }
    return tenantDirectory.domainOf(claim.customerTenantId());
  }

  private static Optional<String> mismatch(Claim claim, Optional<String> registeredDomain) {
    if (blank(claim.customerDomain())) {
      return Optional.empty();
    }
    return registeredDomain
        .filter(registered -> !registered.equalsIgnoreCase(claim.customerDomain().trim()))
        .map(registered -> "customerDomain: must match the customer tenant; tenant " + claim.customerTenantId()
            + " belongs to " + registered);
  }

  /**
   * Runs the automated checks. Within one transaction a claim is checked once: the partner API checks a
   * claim before it starts the process (to answer 422 or 409 at once), and the process's check step, in
   * the same transaction, reuses that result instead of asking the database again. The claim's content
   * is the key, so a claim that changed in between is checked anew.
   */
  public CheckResult check(Claim claim) {
    Map<CheckedContent, CheckResult> checkedInThisTransaction = checkedInThisTransaction();
    CheckedContent content = CheckedContent.of(claim);
    CheckResult known = checkedInThisTransaction.get(content);
    if (known != null) {
      return known;
    }
    CheckResult result = evaluate(claim);
    checkedInThisTransaction.put(content, result);
    return result;
  }

  private CheckResult evaluate(Claim claim) {
    List<String> violations = new ArrayList<>();
    List<String> flags = new ArrayList<>();
    List<String> workloads = evaluateRules(claim, violations);
    Optional<String> registeredDomain = registeredDomain(claim);
    mismatch(claim, registeredDomain).ifPresent(violations::add);
    if (!blank(claim.customerTenantId()) && GUID.matcher(claim.customerTenantId()).matches() && registeredDomain.isEmpty()) {
      flags.add("Unknown tenant: " + claim.customerTenantId() + " is not in the tenant directory; check that it belongs to "
          + claim.customerDomain());
    }

    List<String> duplicateOf = new ArrayList<>();
    if (violations.isEmpty()) {
      // One query for the claims in flight and one for the official associations, whoever holds them:
      // the partner's own are duplicates, the others' are competing claims.
      List<ClaimRepository.WorkloadClaim> inFlight = claims.inFlightClaims(claim.customerTenantId(), workloads, claim.id());
      List<Association> held = associations.holdersOf(claim.customerTenantId(), workloads);
      inFlight.stream().filter(other -> other.partnerId().equals(claim.partnerId()))
          .map(ClaimRepository.WorkloadClaim::claimId).distinct().forEach(duplicateOf::add);
      for (Association association : held) {
        if (association.partnerId().equals(claim.partnerId())) {
          duplicateOf.add(association.claimId() + " (official for " + association.workload() + ")");
        } else {
          flags.add("Competing claim: " + association.workload() + " of this tenant is officially held by partner "
              + association.partnerId() + " (claim " + association.claimId() + "); approving supersedes it");
        }
      }
      for (ClaimRepository.WorkloadClaim other : inFlight) {
        if (!other.partnerId().equals(claim.partnerId())) {
          flags.add("Competing claim: partner " + other.partnerId() + " also claims " + other.workload()
              + " of this tenant (claim " + other.claimId() + ")");
        }
      }
    }
    return new CheckResult(List.copyOf(violations), List.copyOf(duplicateOf), List.copyOf(flags), workloads);
  }

  /** What the checks read of a claim (its state, dates and findings are not). */
  private record CheckedContent(String id, String partnerId, String claimName, String customerDomain,
      String customerTenantId, String solutionArea, String activity, List<String> workloads, String subscriptionId,
      String customerContactName, String customerContactTitle, String customerContactEmail,
      String partnerContactName, String partnerContactEmail, String proofOfExecution, String comments) {

    static CheckedContent of(Claim claim) {
      return new CheckedContent(claim.id(), claim.partnerId(), claim.claimName(), claim.customerDomain(),
          claim.customerTenantId(), claim.solutionArea(), claim.activity(), List.copyOf(claim.workloads()),
          claim.subscriptionId(), claim.customerContactName(), claim.customerContactTitle(),
          claim.customerContactEmail(), claim.partnerContactName(), claim.partnerContactEmail(),
          claim.proofOfExecution(), claim.comments());
    }
  }

  private static final Object CHECKED_IN_THIS_TRANSACTION = new Object();

  /** Results bound to the current transaction (forgotten when it ends); a fresh map outside transactions. */
  @SuppressWarnings("unchecked")
  private static Map<CheckedContent, CheckResult> checkedInThisTransaction() {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return new HashMap<>();
    }
    Map<CheckedContent, CheckResult> results =
        (Map<CheckedContent, CheckResult>) TransactionSynchronizationManager.getResource(CHECKED_IN_THIS_TRANSACTION);
    if (results == null) {
      Map<CheckedContent, CheckResult> fresh = new HashMap<>();
      TransactionSynchronizationManager.bindResource(CHECKED_IN_THIS_TRANSACTION, fresh);
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCompletion(int status) {
          TransactionSynchronizationManager.unbindResourceIfPossible(CHECKED_IN_THIS_TRANSACTION);
        }
      });
      results = fresh;
    }
    return results;
  }

  /** Adds the violated rules; returns the claimed workloads in the catalogue's spelling. */
  private List<String> evaluateRules(Claim claim, List<String> violations) {
    require(violations, "partnerId", claim.partnerId(), PARTNER_ID, "must be the partner's MPN ID (4 to 10 digits)");
    require(violations, "claimName", claim.claimName(), null, null);
    require(violations, "customerDomain", claim.customerDomain(), DOMAIN, "must be a domain name such as contoso.com");
    require(violations, "customerTenantId", claim.customerTenantId(), GUID, "must be a GUID");
    require(violations, "customerContactName", claim.customerContactName(), null, null);
    require(violations, "customerContactTitle", claim.customerContactTitle(), null, null);
    require(violations, "customerContactEmail", claim.customerContactEmail(), EMAIL, "must be an email address");
    require(violations, "partnerContactName", claim.partnerContactName(), null, null);
    require(violations, "partnerContactEmail", claim.partnerContactEmail(), EMAIL, "must be an email address");
    require(violations, "proofOfExecution", claim.proofOfExecution(), null, null);
    maxLength(violations, "claimName", claim.claimName());
    maxLength(violations, "customerDomain", claim.customerDomain());
    maxLength(violations, "subscriptionId", claim.subscriptionId());
    maxLength(violations, "customerContactName", claim.customerContactName());
    maxLength(violations, "customerContactTitle", claim.customerContactTitle());
    maxLength(violations, "customerContactEmail", claim.customerContactEmail());
    maxLength(violations, "partnerContactName", claim.partnerContactName());
    maxLength(violations, "partnerContactEmail", claim.partnerContactEmail());
    maxLength(violations, "proofOfExecution", claim.proofOfExecution());
    maxLength(violations, "comments", claim.comments());

    SolutionArea area = parse(violations, "solutionArea", claim.solutionArea(), SolutionArea.class);
    Activity activity = parse(violations, "activity", claim.activity(), Activity.class);
    if (activity == Activity.REVENUE_ASSOCIATION && area == SolutionArea.MICROSOFT_365) {
      violations.add("activity: REVENUE_ASSOCIATION is only for solution area BUSINESS_APPLICATIONS");
    }
    if (area == SolutionArea.BUSINESS_APPLICATIONS) {
      require(violations, "subscriptionId", claim.subscriptionId(), GUID,
          "must be the Dynamics 365 subscription ID (a GUID), required for BUSINESS_APPLICATIONS");
    }
    return workloads(violations, area, claim.workloads());
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
      violations.add("workloads: at least one workload is required");
      return List.of();
    }
    Set<String> known = new LinkedHashSet<>();
    for (String workload : named) {
      if (workload.length() > MAX_WORKLOAD_LENGTH) {
        violations.add("workloads: each workload must be at most " + MAX_WORKLOAD_LENGTH + " characters");
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
        violations.add("workloads: '" + workload + "' is not in the catalogue for " + area + " (allowed: "
            + String.join(", ", catalogue.workloadsOf(area)) + ")");
      }
    }
    return List.copyOf(known);
  }

  private static void require(List<String> violations, String field, String value, Pattern format, String rule) {
    if (blank(value)) {
      violations.add(field + ": is required");
    } else if (format != null && !format.matcher(value.trim()).matches()) {
      violations.add(field + ": " + rule);
    }
  }

  private static <E extends Enum<E>> E parse(List<String> violations, String field, String value, Class<E> type) {
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

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
