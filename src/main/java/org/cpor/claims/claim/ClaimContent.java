package org.cpor.claims.claim;

import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * What a partner claims, field by field: the body of {@code POST /api/claims}, the fields the rules
 * check ({@link ClaimRules}, which also holds every length limit), the claim table's columns, what
 * the mails, the opt-out page and the validator's form show. The partner ID is not part of it: it
 * is the authenticated user's.
 */
@Schema(description = "A claim that a partner influenced a customer's workload")
public record ClaimContent(
    @Schema(example = "Contoso Teams rollout") String claimName,
    @Schema(example = "contoso.com") String customerDomain,
    @Schema(example = "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7") String customerTenantId,
    @Schema(allowableValues = {"MICROSOFT_365", "BUSINESS_APPLICATIONS"}) String solutionArea,
    @Schema(allowableValues = {"PRE_SALES", "USAGE", "REVENUE_ASSOCIATION"}) String activity,
    @Schema(example = "[\"Teams\", \"Exchange\"]") List<String> workloads,
    @Schema(
            description =
                "The customer's subscription ID (a GUID). Required for PRE_SALES and for"
                    + " BUSINESS_APPLICATIONS claims, where one partner holds the subscription rather"
                    + " than each workload",
            example = "0b8c2d6e-1f3a-4b5c-9d7e-8f9a0b1c2d3e")
        String subscriptionId,
    String customerContactName,
    String customerContactTitle,
    String customerContactEmail,
    @Schema(description = "Required for Dynamics 365 claims") String customerTechnicalContactName,
    @Schema(description = "Required for Dynamics 365 claims") String customerTechnicalContactEmail,
    String partnerContactName,
    String partnerContactEmail,
    @Schema(
            description =
                "A reference or URL; leave out when uploading the document as multipart part 'proofOfExecution'")
        String proofOfExecution,
    String comments,
    @Schema(description = "Required for REVENUE_ASSOCIATION claims") String solutionSellerName,
    @Schema(description = "The customer's name; required for REVENUE_ASSOCIATION claims")
        String customerName,
    @Schema(description = "Required for REVENUE_ASSOCIATION claims") String isvProductName,
    @Schema(
            description =
                "The subscription's last day (ISO date), for PRE_SALES and BUSINESS_APPLICATIONS"
                    + " claims; optional. The association ends automatically once it has passed",
            example = "2027-06-30")
        String subscriptionEndDate,
    @Schema(
            description =
                "The language of the customer's mail and opt-out page (BCP 47: en, nl, de, fr; other"
                    + " languages get English). Default: the request's Accept-Language if it names"
                    + " one of these, else en",
            example = "nl",
            maxLength = 35)
        String customerLanguage,
    @Schema(
            description =
                "The language of the mails to the partner's contact (BCP 47: en, nl, de, fr; other"
                    + " languages get English). Default: the request's Accept-Language if it names"
                    + " one of these, else en",
            example = "en",
            maxLength = 35)
        String partnerLanguage)
    implements Serializable {

  public ClaimContent {
    // A missing list is an empty one, a missing entry an empty name: the rules name both.
    workloads =
        workloads == null ? List.of() : workloads.stream().map(w -> w == null ? "" : w).toList();
  }

  /** The same content with another proof of execution (a stored document's link). */
  public ClaimContent withProofOfExecution(String reference) {
    return new ClaimContent(
        claimName,
        customerDomain,
        customerTenantId,
        solutionArea,
        activity,
        workloads,
        subscriptionId,
        customerContactName,
        customerContactTitle,
        customerContactEmail,
        customerTechnicalContactName,
        customerTechnicalContactEmail,
        partnerContactName,
        partnerContactEmail,
        reference,
        comments,
        solutionSellerName,
        customerName,
        isvProductName,
        subscriptionEndDate,
        customerLanguage,
        partnerLanguage);
  }

  /** The same content with these workloads (as stored: one row each, in the partner's order). */
  public ClaimContent withWorkloads(List<String> stored) {
    return new ClaimContent(
        claimName,
        customerDomain,
        customerTenantId,
        solutionArea,
        activity,
        stored,
        subscriptionId,
        customerContactName,
        customerContactTitle,
        customerContactEmail,
        customerTechnicalContactName,
        customerTechnicalContactEmail,
        partnerContactName,
        partnerContactEmail,
        proofOfExecution,
        comments,
        solutionSellerName,
        customerName,
        isvProductName,
        subscriptionEndDate,
        customerLanguage,
        partnerLanguage);
  }

  /** The same content with this language where the customer's or the partner's is missing. */
  public ClaimContent withLanguageDefaults(String language) {
    return new ClaimContent(
        claimName,
        customerDomain,
        customerTenantId,
        solutionArea,
        activity,
        workloads,
        subscriptionId,
        customerContactName,
        customerContactTitle,
        customerContactEmail,
        customerTechnicalContactName,
        customerTechnicalContactEmail,
        partnerContactName,
        partnerContactEmail,
        proofOfExecution,
        comments,
        solutionSellerName,
        customerName,
        isvProductName,
        subscriptionEndDate,
        blank(customerLanguage) ? language : customerLanguage.trim(),
        blank(partnerLanguage) ? language : partnerLanguage.trim());
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** The subscription's last day, or null when the claim names none (or not as an ISO date). */
  public LocalDate subscriptionEndsOn() {
    if (subscriptionEndDate == null || subscriptionEndDate.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(subscriptionEndDate.trim());
    } catch (DateTimeParseException notADate) {
      return null;
    }
  }

  public String workloadList() {
    return String.join(", ", workloads);
  }

  /** What the claim asks to hold, in words: its workloads, and its subscription if it has one. */
  public String itemList() {
    return perSubscription() && subscriptionId != null
        ? workloadList() + " (subscription " + subscriptionKey(subscriptionId) + ")"
        : workloadList();
  }

  /**
   * Whether one partner holds the claimed subscription rather than each workload: OSA Sell
   * (pre-sales) and Business Applications claims. Workload claims (OSU Microsoft 365) and
   * subscription claims never compete with each other.
   */
  public boolean perSubscription() {
    return Activity.PRE_SALES.name().equals(activity)
        || SolutionArea.BUSINESS_APPLICATIONS.name().equals(solutionArea);
  }

  /** A Dynamics 365 claim: Business Applications with a Dynamics 365 product. */
  public boolean dynamics365() {
    return SolutionArea.BUSINESS_APPLICATIONS.name().equals(solutionArea)
        && workloads.stream().anyMatch(ClaimContent::isDynamics365);
  }

  private static boolean isDynamics365(String workload) {
    String name = workload.trim().toLowerCase(Locale.ROOT);
    return name.startsWith("dynamics 365") || name.equals("business central");
  }

  /** The subscription ID as stored and compared: a GUID in lower case. */
  public static String subscriptionKey(String subscriptionId) {
    return subscriptionId == null ? null : subscriptionId.trim().toLowerCase(Locale.ROOT);
  }
}
