package org.cpor.claims.claim;

import java.io.Serializable;
import java.util.List;

/**
 * What the automated checks found.
 *
 * @param violations broken rules, each naming the field and the rule; any of them rejects the claim
 * @param duplicateOf the claims (or official associations) this claim duplicates; rejects the claim
 * @param flags findings for the validator to weigh: unknown tenant, tenant not verified, competing
 *     claims
 * @param workloads the claimed workloads in the catalogue's spelling
 * @param tenantUnverified the tenant directory could not be asked: the process's check step asks
 *     once more
 */
public record CheckResult(
    List<String> violations,
    List<String> duplicateOf,
    List<String> flags,
    List<String> workloads,
    boolean tenantUnverified)
    implements Serializable {

  public boolean passed() {
    return violations.isEmpty() && duplicateOf.isEmpty();
  }

  public RejectionReason rejectionReason() {
    if (!violations.isEmpty()) {
      return RejectionReason.FAILED_AUTOMATED_CHECKS;
    }
    return duplicateOf.isEmpty() ? null : RejectionReason.DUPLICATE;
  }

  /**
   * Why the claim is rejected, as the partner may read it: broken rules and the partner's own
   * duplicated claims, never the flags (they may name other partners).
   */
  public String partnerSummary() {
    StringBuilder text = new StringBuilder();
    violations.forEach(v -> text.append("Rule broken: ").append(v).append('\n'));
    duplicateOf.forEach(d -> text.append("Duplicate of ").append(d).append('\n'));
    return text.toString().trim();
  }

  /**
   * At most this many flags are listed: a much-contested tenant can have hundreds of competing
   * claims.
   */
  static final int MAX_FLAGS_LISTED = 20;

  /**
   * The findings in one text, as the validator's form shows them (it fits the claim table's
   * column).
   */
  public String summary() {
    StringBuilder text = new StringBuilder();
    violations.forEach(v -> text.append("Rule broken: ").append(v).append('\n'));
    duplicateOf.forEach(d -> text.append("Duplicate of ").append(d).append('\n'));
    flags.stream()
        .limit(MAX_FLAGS_LISTED)
        .forEach(f -> text.append("Flag: ").append(f).append('\n'));
    if (flags.size() > MAX_FLAGS_LISTED) {
      text.append("Flag: … and ")
          .append(flags.size() - MAX_FLAGS_LISTED)
          .append(" more competing claims\n");
    }
    String summary = text.isEmpty() ? "All automated checks passed." : text.toString().trim();
    return summary.length() <= MAX_LENGTH ? summary : summary.substring(0, MAX_LENGTH - 1) + "…";
  }

  private static final int MAX_LENGTH = 4000;
}
