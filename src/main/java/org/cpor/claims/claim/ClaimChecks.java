package org.cpor.claims.claim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.tenant.TenantDirectory;
import org.springframework.stereotype.Component;

/**
 * The automated checks every claim passes before a validator sees it: its own rules ({@link ClaimRules}),
 * domain and tenant matching (the tenant directory), no duplicate, competing claims flagged (the claims in
 * flight and the official associations).
 */
@Component
public class ClaimChecks {

  private final ClaimRules rules;
  private final TenantDirectory tenantDirectory;
  private final ClaimRepository claims;
  private final AssociationRegister associations;

  ClaimChecks(
      ClaimRules rules, TenantDirectory tenantDirectory, ClaimRepository claims, AssociationRegister associations) {
    this.rules = rules;
    this.tenantDirectory = tenantDirectory;
    this.claims = claims;
    this.associations = associations;
  }

  /**
   * Runs the automated checks. The partner API runs them before it starts the process (to answer 422 or
   * 409 at once) and hands the result to the process's check step, which runs them only for claims
   * started otherwise (engine REST).
   */
  public CheckResult check(Claim claim) {
    ClaimRules.Outcome ruled = rules.apply(claim);
    List<String> violations = new ArrayList<>(ruled.violations());
    List<String> flags = new ArrayList<>();
    List<String> workloads = ruled.workloads();
    Optional<String> registeredDomain = registeredDomain(claim);
    mismatch(claim, registeredDomain).ifPresent(violations::add);
    if (ClaimRules.isGuid(claim.customerTenantId()) && registeredDomain.isEmpty()) {
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

  /** The domain the tenant directory knows for the claim's tenant; empty for an unknown or malformed tenant. */
  private Optional<String> registeredDomain(Claim claim) {
    if (!ClaimRules.isGuid(claim.customerTenantId())) {
      return Optional.empty();
    }
    return tenantDirectory.domainOf(claim.customerTenantId());
  }

  private static Optional<String> mismatch(Claim claim, Optional<String> registeredDomain) {
    if (ClaimRules.blank(claim.customerDomain())) {
      return Optional.empty();
    }
    return registeredDomain
        .filter(registered -> !registered.equalsIgnoreCase(claim.customerDomain().trim()))
        .map(registered -> "customerDomain: must match the customer tenant; tenant " + claim.customerTenantId()
            + " belongs to " + registered);
  }

}
