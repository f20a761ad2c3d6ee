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
    @Schema(description = "Required for BUSINESS_APPLICATIONS") String subscriptionId,
    String customerContactName,
    String customerContactTitle,
    String customerContactEmail,
    String partnerContactName,
    String partnerContactEmail,
    @Schema(
            description =
                "A reference or URL; leave out when uploading the document as multipart part 'proofOfExecution'")
        String proofOfExecution,
    String comments) {

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
