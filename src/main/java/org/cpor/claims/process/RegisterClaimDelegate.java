package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.*;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimContent;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimRules;
import org.cpor.claims.claim.ClaimStatus;
import org.cpor.claims.claim.Languages;
import org.cpor.claims.partner.PartnerDirectory;
import org.cpor.claims.partner.PartnerOrganisation;
import org.cpor.claims.security.CurrentUser;
import org.cpor.claims.security.PartnerInstanceGrants;
import org.cpor.claims.security.Roles;
import org.springframework.stereotype.Component;

/**
 * Stores the submitted claim in the claim table (status SUBMITTED), giving it an id when the caller
 * started without a business key, and lets the partner organisation read its process instance. A
 * partner user may only claim for its own partner ID. Whether the claim follows the rules is the
 * automated checks' business; only input that cannot be stored at all is refused here.
 */
@Component("registerClaim")
class RegisterClaimDelegate implements JavaDelegate {

  static final Map<String, Integer> MAX_LENGTHS = ClaimRules.MAX_LENGTHS;
  static final int MAX_CLAIM_ID_LENGTH = 64;
  static final int MAX_WORKLOAD_LENGTH = ClaimRules.MAX_WORKLOAD_LENGTH;

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final CurrentUser currentUser;
  private final PartnerInstanceGrants grants;
  private final PartnerDirectory partners;

  RegisterClaimDelegate(
      ClaimRepository claims,
      ClaimHistory history,
      CurrentUser currentUser,
      PartnerInstanceGrants grants,
      PartnerDirectory partners) {
    this.claims = claims;
    this.history = history;
    this.currentUser = currentUser;
    this.grants = grants;
    this.partners = partners;
  }

  @Override
  public void execute(DelegateExecution execution) {
    boolean fromPartnerApi = execution.getVariable(CLAIM) instanceof Claim;
    Claim submitted =
        fromPartnerApi ? (Claim) execution.getVariable(CLAIM) : fromVariables(execution);
    String claimId = submitted.id();
    String partnerId = submitted.partnerId();

    var now = EngineClock.now();
    boolean fromDraft =
        fromPartnerApi
            && claims
                .findById(claimId)
                .filter(stored -> stored.status() == ClaimStatus.DRAFT)
                .isPresent();
    if (fromDraft) {
      // A submitted draft keeps its ID, history and documents; the partner API checked that it
      // is the partner's own.
      claims.registerDraft(claimId, execution.getProcessInstanceId(), submitted.partnerName(), now);
    } else {
      claims.insert(submitted.registered(execution.getProcessInstanceId(), now));
    }
    if (!fromPartnerApi) {
      // The claim table holds the claim from now on; the process keeps identifiers only.
      execution.removeVariables(CLAIM_FIELDS);
    }
    execution.setVariable(CLAIM_ID, claimId);
    execution.setVariable(PARTNER_ID, partnerId);
    if (partnerId != null && ClaimRules.isPartnerId(partnerId)) {
      grants.grantRead(execution.getProcessInstanceId(), partnerId);
    }

    String actor = currentUser.userId().orElse("partner " + partnerId);
    history.record(
        claimId,
        actor,
        ClaimEventType.SUBMITTED,
        "Claim submitted for "
            + submitted.content().customerDomain()
            + ": "
            + submitted.content().workloadList());
    String comments = submitted.content().comments();
    if (comments != null && !comments.isBlank()) {
      CommentHistory.append(execution, now, actor, comments);
    }
  }

  /**
   * A claim started over engine REST, from its variables: only what cannot be stored at all is
   * refused here (the automated checks name every other broken rule).
   */
  private Claim fromVariables(DelegateExecution execution) {
    for (String field : CLAIM_FIELDS) {
      String value = text(execution, field);
      if (value != null && value.length() > MAX_LENGTHS.get(field)) {
        throw new ClaimInputRejected(
            field, "must be at most " + MAX_LENGTHS.get(field) + " characters");
      }
    }
    List<String> workloads = workloads(text(execution, WORKLOADS));
    for (String workload : workloads) {
      if (workload.length() > MAX_WORKLOAD_LENGTH) {
        throw new ClaimInputRejected(
            WORKLOADS, "each workload must be at most " + MAX_WORKLOAD_LENGTH + " characters");
      }
    }

    String partnerId = text(execution, PARTNER_ID);
    if (currentUser.isIn(Roles.PARTNERS)
        && !currentUser.partnerId().equals(Optional.ofNullable(partnerId))) {
      throw new ClaimAccessDenied(
          PARTNER_ID,
          "must be the partner ID you work for (" + currentUser.partnerId().orElse("none") + ")");
    }
    Optional<PartnerOrganisation> organisation = partners.find(partnerId);
    if (currentUser.isIn(Roles.PARTNERS) && organisation.isEmpty()) {
      throw new ClaimAccessDenied(
          PARTNER_ID,
          partnerId
              + " is not in the partner directory; a partner submits claims once Microsoft has"
              + " registered its organisation");
    }

    String claimId = execution.getProcessBusinessKey();
    if (claimId == null || claimId.isBlank()) {
      claimId = claims.nextClaimId();
      execution.setProcessBusinessKey(claimId);
    } else if (claimId.length() > MAX_CLAIM_ID_LENGTH) {
      throw new ClaimInputRejected(
          "businessKey", "the claim id must be at most " + MAX_CLAIM_ID_LENGTH + " characters");
    } else if (claims.exists(claimId)) {
      throw new ClaimInputRejected("businessKey", "a claim with id " + claimId + " exists already");
    }
    return Claim.submitted(
        claimId,
        partnerId,
        organisation.map(PartnerOrganisation::name).orElse(null),
        new ClaimContent(
                text(execution, CLAIM_NAME),
                text(execution, CUSTOMER_DOMAIN),
                text(execution, CUSTOMER_TENANT_ID),
                text(execution, SOLUTION_AREA),
                text(execution, ACTIVITY),
                workloads,
                text(execution, SUBSCRIPTION_ID),
                text(execution, CUSTOMER_CONTACT_NAME),
                text(execution, CUSTOMER_CONTACT_TITLE),
                text(execution, CUSTOMER_CONTACT_EMAIL),
                text(execution, CUSTOMER_TECHNICAL_CONTACT_NAME),
                text(execution, CUSTOMER_TECHNICAL_CONTACT_EMAIL),
                text(execution, PARTNER_CONTACT_NAME),
                text(execution, PARTNER_CONTACT_EMAIL),
                text(execution, PROOF_OF_EXECUTION),
                text(execution, COMMENTS),
                text(execution, SOLUTION_SELLER_NAME),
                text(execution, CUSTOMER_NAME),
                text(execution, ISV_PRODUCT_NAME),
                text(execution, SUBSCRIPTION_END_DATE),
                text(execution, CUSTOMER_LANGUAGE),
                text(execution, PARTNER_LANGUAGE))
            .withLanguageDefaults(Languages.DEFAULT));
  }

  private static List<String> workloads(String value) {
    if (value == null) {
      return List.of();
    }
    return List.copyOf(
        new LinkedHashSet<>(
            Arrays.stream(value.split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList()));
  }

  /** Engine REST callers may send numbers or booleans; the claim keeps their text. */
  static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    return value == null ? null : value.toString();
  }
}
