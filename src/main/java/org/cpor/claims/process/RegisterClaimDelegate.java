package org.cpor.claims.process;

import static org.cpor.claims.process.ClaimProcess.Variables.*;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.ClaimEventType;
import org.cpor.claims.claim.ClaimHistory;
import org.cpor.claims.claim.ClaimRepository;
import org.cpor.claims.claim.ClaimStatus;
import org.springframework.stereotype.Component;

/**
 * Stores the submitted claim in the claim table (status SUBMITTED), giving it an id when the caller
 * started without a business key. Whether the claim follows the rules is the automated checks'
 * business; only input that cannot be stored at all is refused here.
 */
@Component("registerClaim")
public class RegisterClaimDelegate implements JavaDelegate {

  /** Longest accepted value per field: the claim table's column sizes. */
  static final Map<String, Integer> MAX_LENGTHS = Map.ofEntries(
      Map.entry(PARTNER_ID, 64), Map.entry(CLAIM_NAME, 200), Map.entry(CUSTOMER_DOMAIN, 255),
      Map.entry(CUSTOMER_TENANT_ID, 64), Map.entry(SOLUTION_AREA, 40), Map.entry(ACTIVITY, 40),
      Map.entry(WORKLOADS, 1000), Map.entry(SUBSCRIPTION_ID, 64), Map.entry(CUSTOMER_CONTACT_NAME, 200),
      Map.entry(CUSTOMER_CONTACT_TITLE, 200), Map.entry(CUSTOMER_CONTACT_EMAIL, 320),
      Map.entry(PARTNER_CONTACT_NAME, 200), Map.entry(PARTNER_CONTACT_EMAIL, 320),
      Map.entry(PROOF_OF_EXECUTION, 2000), Map.entry(COMMENTS, 4000));
  static final int MAX_CLAIM_ID_LENGTH = 64;
  static final int MAX_WORKLOAD_LENGTH = 100;

  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final Actors actors;

  public RegisterClaimDelegate(ClaimRepository claims, ClaimHistory history, Actors actors) {
    this.claims = claims;
    this.history = history;
    this.actors = actors;
  }

  @Override
  public void execute(DelegateExecution execution) {
    for (String field : CLAIM_FIELDS) {
      String value = text(execution, field);
      if (value != null && value.length() > MAX_LENGTHS.get(field)) {
        throw new ClaimInputRejected(field, "must be at most " + MAX_LENGTHS.get(field) + " characters");
      }
    }
    List<String> workloads = workloads(text(execution, WORKLOADS));
    for (String workload : workloads) {
      if (workload.length() > MAX_WORKLOAD_LENGTH) {
        throw new ClaimInputRejected(WORKLOADS, "each workload must be at most " + MAX_WORKLOAD_LENGTH + " characters");
      }
    }

    String claimId = execution.getProcessBusinessKey();
    if (claimId == null || claimId.isBlank()) {
      claimId = claims.nextClaimId();
      execution.setProcessBusinessKey(claimId);
    } else if (claimId.length() > MAX_CLAIM_ID_LENGTH) {
      throw new ClaimInputRejected("businessKey", "the claim id must be at most " + MAX_CLAIM_ID_LENGTH + " characters");
    } else if (claims.exists(claimId)) {
      throw new ClaimInputRejected("businessKey", "a claim with id " + claimId + " exists already");
    }

    var now = EngineClock.now();
    claims.insert(new Claim(claimId, execution.getProcessInstanceId(), text(execution, PARTNER_ID),
        text(execution, CLAIM_NAME), text(execution, CUSTOMER_DOMAIN), text(execution, CUSTOMER_TENANT_ID),
        text(execution, SOLUTION_AREA), text(execution, ACTIVITY), List.of(), text(execution, SUBSCRIPTION_ID),
        text(execution, CUSTOMER_CONTACT_NAME), text(execution, CUSTOMER_CONTACT_TITLE),
        text(execution, CUSTOMER_CONTACT_EMAIL), text(execution, PARTNER_CONTACT_NAME),
        text(execution, PARTNER_CONTACT_EMAIL), text(execution, PROOF_OF_EXECUTION), text(execution, COMMENTS),
        ClaimStatus.SUBMITTED, null, null, null, null, now, now));
    claims.replaceWorkloads(claimId, workloads);
    execution.setVariable(CLAIM_ID, claimId);

    String actor = actors.currentOr("partner " + text(execution, PARTNER_ID));
    history.record(claimId, actor, ClaimEventType.SUBMITTED,
        "Claim submitted for " + text(execution, CUSTOMER_DOMAIN) + ": " + String.join(", ", workloads));
    String comments = text(execution, COMMENTS);
    if (comments != null && !comments.isBlank()) {
      CommentHistory.append(execution, now, actor, comments);
    }
  }

  private static List<String> workloads(String value) {
    if (value == null) {
      return List.of();
    }
    return List.copyOf(new LinkedHashSet<>(
        Arrays.stream(value.split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList()));
  }

  /** Engine REST callers may send numbers or booleans; the claim keeps their text. */
  static String text(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    return value == null ? null : value.toString();
  }
}
