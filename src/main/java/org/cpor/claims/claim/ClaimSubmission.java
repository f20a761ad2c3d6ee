package org.cpor.claims.claim;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A partner's claim as sent to {@code POST /api/claims}. The partner ID is not part of it: it is
 * the authenticated user's. Values are checked by {@link ClaimRules}, which names every broken
 * rule.
 */
@Schema(description = "A claim that a partner influenced a customer's workload")
record ClaimSubmission(
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
    @Schema(description = "Required for REVENUE_ASSOCIATION claims") String isvProductName) {

  /** The claim as the checks see it, before it exists. */
  Claim toClaim(String claimId, String partnerId, String proofReference) {
    return new Claim(
        claimId,
        null,
        partnerId,
        claimName,
        customerDomain,
        customerTenantId,
        solutionArea,
        activity,
        workloads == null ? List.of() : workloads.stream().map(w -> w == null ? "" : w).toList(),
        subscriptionId,
        customerContactName,
        customerContactTitle,
        customerContactEmail,
        partnerContactName,
        partnerContactEmail,
        proofReference,
        comments,
        Claim.Contact.of(customerTechnicalContactName, customerTechnicalContactEmail),
        Claim.RevenueAssociation.of(solutionSellerName, customerName, isvProductName),
        ClaimStatus.SUBMITTED,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
