package org.cpor.claims.claim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.partner.PartnerDirectory;
import org.cpor.claims.partner.PartnerOrganisation;
import org.cpor.claims.tenant.TenantDirectory;
import org.cpor.claims.tenant.TenantIds;
import org.cpor.claims.tenant.TenantLookup;
import org.springframework.stereotype.Component;

/**
 * The automated checks every claim passes before a validator sees it: its own rules ({@link
 * ClaimRules}), the domain belonging to the tenant (the tenant directory; when it cannot answer,
 * the claim is flagged), no duplicate, competing claims flagged (the claims in flight and the
 * official associations).
 */
@Component
public class ClaimChecks {

  private final ClaimRules rules;
  private final TenantDirectory tenantDirectory;
  private final ClaimRepository claims;
  private final AssociationRegister associations;
  private final PartnerDirectory partners;

  ClaimChecks(
      ClaimRules rules,
      TenantDirectory tenantDirectory,
      ClaimRepository claims,
      AssociationRegister associations,
      PartnerDirectory partners) {
    this.rules = rules;
    this.tenantDirectory = tenantDirectory;
    this.claims = claims;
    this.associations = associations;
    this.partners = partners;
  }

  /** The start of the flag for a claim whose tenant the directory could not verify. */
  static final String TENANT_UNVERIFIED = "Tenant could not be verified: ";

  /**
   * Runs the automated checks. The partner API runs them before it starts the process (to answer
   * 422 or 409 at once) and hands the result to the process's check step, which runs them only for
   * claims started otherwise (engine REST).
   */
  public CheckResult check(Claim claim) {
    return check(claim, null);
  }

  /**
   * The checks, with the claiming partner's organisation as the caller has just read it from the
   * directory (null: read it here), so that a submission reads it once.
   */
  public CheckResult check(Claim claim, PartnerOrganisation claimant) {
    ClaimRules.Outcome ruled = rules.apply(claim);
    List<String> violations = new ArrayList<>(ruled.violations());
    List<String> flags = new ArrayList<>();
    List<String> workloads = ruled.workloads();
    TenantFinding tenant = tenantFinding(claim);
    tenant.addTo(violations, flags);
    partnerFinding(claim, claimant).ifPresent(flags::add);

    List<String> duplicateOf = new ArrayList<>();
    if (violations.isEmpty()) {
      // One query for the claims in flight and one for the official associations, whoever holds
      // them: the partner's own are duplicates, the others' are competing claims.
      // Subscription claims (pre-sales, Business Applications): one partner per subscription.
      String subscription = ClaimContent.subscriptionKey(claim.content().subscriptionId());
      List<ClaimRepository.InFlightClaim> inFlight =
          claim.content().perSubscription()
              ? claims.inFlightOnSubscription(
                  claim.content().customerTenantId(), subscription, claim.id())
              : claims.inFlightClaims(claim.content().customerTenantId(), workloads, claim.id());
      List<Association> held =
          claim.content().perSubscription()
              ? associations.holdersOfSubscription(claim.content().customerTenantId(), subscription)
              : associations.holdersOf(claim.content().customerTenantId(), workloads);
      inFlight.stream()
          .filter(other -> other.partnerId().equals(claim.partnerId()))
          .map(ClaimRepository.InFlightClaim::claimId)
          .distinct()
          .forEach(duplicateOf::add);
      Map<String, String> holderNames = new HashMap<>();
      partners
          .findAll(held.stream().map(Association::partnerId).toList())
          .forEach(organisation -> holderNames.put(organisation.partnerId(), organisation.name()));
      for (Association association : held) {
        if (association.partnerId().equals(claim.partnerId())) {
          duplicateOf.add(association.claimId() + " (official for " + association.item() + ")");
        } else {
          flags.add(
              "Competing claim: "
                  + association.item()
                  + " of this tenant is officially held by "
                  + PartnerOrganisation.label(
                      holderNames.get(association.partnerId()), association.partnerId())
                  + " (claim "
                  + association.claimId()
                  + "); approving supersedes it");
        }
      }
      endedFinding(claim, subscription, workloads, holderNames).ifPresent(flags::add);
      for (ClaimRepository.InFlightClaim other : inFlight) {
        if (!other.partnerId().equals(claim.partnerId())) {
          flags.add(
              "Competing claim: "
                  + PartnerOrganisation.label(other.partnerName(), other.partnerId())
                  + " also claims "
                  + other.item()
                  + " of this tenant (claim "
                  + other.claimId()
                  + ")");
        }
      }
    }
    return new CheckResult(
        List.copyOf(violations),
        List.copyOf(duplicateOf),
        List.copyOf(flags),
        workloads,
        tenant.unverified());
  }

  /**
   * The latest ended association on what the claim asks for (not a competing claim): who held it,
   * when and why it ended, for the validator to weigh.
   */
  private Optional<String> endedFinding(
      Claim claim, String subscription, List<String> workloads, Map<String, String> names) {
    List<Association> ended =
        associations.endedOn(
            claim.content().customerTenantId(),
            claim.content().perSubscription() ? subscription : null,
            workloads);
    if (ended.isEmpty()) {
      return Optional.empty();
    }
    Association last = ended.get(0);
    String holder =
        names.containsKey(last.partnerId())
            ? PartnerOrganisation.label(names.get(last.partnerId()), last.partnerId())
            : partners
                .find(last.partnerId())
                .map(o -> PartnerOrganisation.label(o.name(), last.partnerId()))
                .orElse(PartnerOrganisation.label(null, last.partnerId()));
    return Optional.of(
        "Ended association: "
            + last.item()
            + " of this tenant was held by "
            + holder
            + " (claim "
            + last.claimId()
            + ") until "
            + last.endedAt()
            + ", ended by "
            + last.endedBy().label()
            + (last.endReason() == null ? "" : ": " + last.endReason()));
  }

  /**
   * Who claims, as the partner directory knows it: a partner it does not know (a claim started over
   * engine REST by someone else than the partner) or a contact address outside the organisation's
   * verified domains is for the validator to look at.
   */
  private Optional<String> partnerFinding(Claim claim, PartnerOrganisation claimant) {
    if (!ClaimRules.isPartnerId(claim.partnerId())) {
      return Optional.empty(); // the rules name it
    }
    Optional<PartnerOrganisation> organisation =
        claimant != null && claim.partnerId().equals(claimant.partnerId())
            ? Optional.of(claimant)
            : partners.find(claim.partnerId());
    if (organisation.isEmpty()) {
      return Optional.of(
          "Unknown partner: " + claim.partnerId() + " is not in the partner directory");
    }
    String email = claim.content().partnerContactEmail();
    if (ClaimRules.isEmail(email) && !organisation.get().verifies(email)) {
      return Optional.of(
          "Partner contact outside the organisation: "
              + email.trim()
              + " is not at a domain "
              + organisation.get().label()
              + " has verified ("
              + String.join(", ", organisation.get().verifiedDomains())
              + ")");
    }
    return Optional.empty();
  }

  /**
   * Asks the tenant directory once more when it could not answer for these checks (the process's
   * check step, before the review starts): its new answer replaces the "could not be verified"
   * flag, which stays if the directory still cannot answer. Other results are returned as they are.
   */
  public CheckResult recheckTenant(Claim claim, CheckResult earlier) {
    if (!earlier.tenantUnverified()) {
      return earlier;
    }
    List<String> violations = new ArrayList<>(earlier.violations());
    List<String> flags = new ArrayList<>();
    TenantFinding tenant = tenantFinding(claim);
    tenant.addTo(violations, flags);
    earlier.flags().stream()
        .filter(flag -> !flag.startsWith(TENANT_UNVERIFIED))
        .forEach(flags::add);
    return new CheckResult(
        List.copyOf(violations),
        earlier.duplicateOf(),
        List.copyOf(flags),
        earlier.workloads(),
        tenant.unverified());
  }

  /**
   * What the tenant directory says about the claim's domain and tenant: a broken rule, a flag, or
   * nothing.
   */
  private TenantFinding tenantFinding(Claim claim) {
    String tenantId = claim.content().customerTenantId();
    if (!ClaimRules.isGuid(tenantId) || !ClaimRules.isDomain(claim.content().customerDomain())) {
      return TenantFinding.NONE; // the rules name what is wrong; nothing to ask the directory
    }
    String domain = claim.content().customerDomain().trim();
    TenantLookup lookup = tenantDirectory.tenantOf(domain);
    if (lookup instanceof TenantLookup.Found found) {
      return found.tenantId().equals(TenantIds.key(tenantId))
          ? TenantFinding.NONE
          : TenantFinding.broken(
              "customerDomain: must match the customer tenant; "
                  + domain
                  + " belongs to tenant "
                  + found.tenantId()
                  + ", not "
                  + tenantId);
    }
    if (lookup instanceof TenantLookup.NoTenant) {
      return TenantFinding.broken(
          "customerDomain: no Microsoft Entra tenant has the domain " + domain);
    }
    if (lookup instanceof TenantLookup.Unavailable unavailable) {
      return new TenantFinding(
          null,
          TENANT_UNVERIFIED
              + unavailable.reason()
              + "; check that "
              + domain
              + " belongs to tenant "
              + tenantId,
          true);
    }
    // Not listed (the demo table lists a few tenants): a listed tenant must come with its own
    // domain; an unlisted one is for the validator to check.
    return tenantDirectory
        .listedDomainOf(tenantId)
        .map(
            listed ->
                listed.equalsIgnoreCase(domain)
                    ? TenantFinding.NONE
                    : TenantFinding.broken(
                        "customerDomain: must match the customer tenant; tenant "
                            + tenantId
                            + " belongs to "
                            + listed))
        .orElseGet(
            () ->
                new TenantFinding(
                    null,
                    "Unknown tenant: "
                        + tenantId
                        + " is not in the tenant directory; check that it belongs to "
                        + domain,
                    false));
  }

  /**
   * At most one of a broken rule and a flag; {@code unverified} when the directory could not
   * answer.
   */
  private record TenantFinding(String violation, String flag, boolean unverified) {
    static final TenantFinding NONE = new TenantFinding(null, null, false);

    static TenantFinding broken(String violation) {
      return new TenantFinding(violation, null, false);
    }

    void addTo(List<String> violations, List<String> flags) {
      if (violation != null) {
        violations.add(violation);
      }
      if (flag != null) {
        flags.add(flag);
      }
    }
  }
}
