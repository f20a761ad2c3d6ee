package org.cpor.claims.claim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.partner.PartnerDirectory;
import org.cpor.claims.partner.PartnerOrganisation;
import org.cpor.claims.security.CurrentUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Claims before review: drafts (saved without a process, submitted later with the same ID) and
 * corrections of a draft, a submitted claim or a claim whose validator asked for more information.
 * A correction of a submitted claim passes the automated checks again, as the submission did; a
 * correction that breaks them is refused and leaves the claim as it was.
 */
@Service
class ClaimCorrections {

  /** The fields of a claim ({@link ClaimContent}), in the order the API shows them. */
  static final List<String> FIELDS =
      Arrays.stream(ClaimContent.class.getRecordComponents()).map(c -> c.getName()).toList();

  /** What a submitted claim is about: a different one is a new claim, not a correction. */
  static final Set<String> FIXED_ONCE_SUBMITTED = Set.of("solutionArea", "activity");

  static final String ANSWERS = "answersInformationRequest";
  static final String ANSWER = "answer";
  static final int MAX_ANSWER = 4000;

  private final PartnerClaims partnerClaims;
  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final ClaimRules rules;
  private final ClaimChecks checks;
  private final ProofDocuments documents;
  private final IdempotencyKeys idempotencyKeys;
  private final ClaimWorkflow workflow;
  private final PartnerDirectory partners;
  private final CurrentUser currentUser;
  private final ObjectMapper json;

  ClaimCorrections(
      PartnerClaims partnerClaims,
      ClaimRepository claims,
      ClaimHistory history,
      ClaimRules rules,
      ClaimChecks checks,
      ProofDocuments documents,
      IdempotencyKeys idempotencyKeys,
      ClaimWorkflow workflow,
      PartnerDirectory partners,
      CurrentUser currentUser,
      ObjectMapper json) {
    this.partnerClaims = partnerClaims;
    this.claims = claims;
    this.history = history;
    this.rules = rules;
    this.checks = checks;
    this.documents = documents;
    this.idempotencyKeys = idempotencyKeys;
    this.workflow = workflow;
    this.partners = partners;
    this.currentUser = currentUser;
    this.json = json;
  }

  /**
   * Saves a claim as a draft: formats and lengths are checked, required fields may still be empty;
   * no process, no checks, no mails.
   */
  @Transactional
  public PartnerClaims.Submitted saveDraft(
      ClaimContent draft, PartnerClaims.Upload proof, String idempotencyKey) {
    String partnerId = partnerClaims.partnerId();
    if (idempotencyKey != null) {
      if (idempotencyKey.isBlank() || idempotencyKey.length() > IdempotencyKeys.MAX_LENGTH) {
        throw ClaimProblems.InvalidInput.of(
            "Idempotency-Key", "must be 1 to " + IdempotencyKeys.MAX_LENGTH + " characters");
      }
      Optional<String> earlier = idempotencyKeys.claimOf(partnerId, idempotencyKey);
      if (earlier.isPresent()) {
        return new PartnerClaims.Submitted(partnerClaims.detail(earlier.get()), true);
      }
    }
    if (draft == null) {
      throw ClaimProblems.InvalidInput.of("claim", "the request needs a claim");
    }
    PartnerOrganisation organisation =
        partners.find(partnerId).orElseThrow(() -> new ClaimProblems.UnknownPartner(partnerId));
    String claimId = claims.nextClaimId();
    ProofDocuments.Kind kind = proof == null ? null : PartnerClaims.documentKind(proof);
    String proofReference =
        proof == null ? draft.proofOfExecution() : "/api/claims/" + claimId + "/proof-of-execution";
    Claim claim =
        Claim.draft(
            claimId,
            partnerId,
            organisation.name(),
            draft.withProofOfExecution(proofReference),
            EngineClock.now());
    List<ClaimProblems.FieldError> errors =
        new ArrayList<>(
            rules.draftViolations(claim).stream().map(ClaimProblems.FieldError::of).toList());
    if (proof != null && draft.proofOfExecution() != null && !draft.proofOfExecution().isBlank()) {
      errors.add(
          new ClaimProblems.FieldError(
              "proofOfExecution", "send either a reference or a document, not both"));
    }
    if (!errors.isEmpty()) {
      throw new ClaimProblems.InvalidInput(errors);
    }
    if (idempotencyKey != null) {
      idempotencyKeys.record(partnerId, idempotencyKey, claimId);
    }
    claims.insert(claim);
    if (proof != null) {
      documents.store(claimId, proof.fileName(), kind, proof.content());
    }
    history.record(
        claimId,
        actor(partnerId),
        ClaimEventType.DRAFT_SAVED,
        "Draft saved; not submitted (no checks, no review until it is)");
    return new PartnerClaims.Submitted(partnerClaims.detail(claimId), false);
  }

  /**
   * Submits the partner's draft: the full rules and the automated checks, then the normal path of a
   * claim, under the draft's ID.
   */
  @Transactional
  public ClaimViews.Detail submitDraft(String claimId) {
    Claim draft = partnerClaims.lockOwn(claimId);
    if (draft.status() != ClaimStatus.DRAFT) {
      throw new ClaimProblems.Conflict(
          claimId + " is " + draft.status() + ", not a draft: it has been submitted already",
          claimId);
    }
    PartnerOrganisation organisation =
        partners
            .find(draft.partnerId())
            .orElseThrow(() -> new ClaimProblems.UnknownPartner(draft.partnerId()));
    Claim claim = Claim.submitted(claimId, draft.partnerId(), organisation.name(), draft.content());
    List<ClaimProblems.FieldError> errors =
        rules.violations(claim).stream().map(ClaimProblems.FieldError::of).toList();
    if (!errors.isEmpty()) {
      throw new ClaimProblems.InvalidInput(errors);
    }
    CheckResult checked = passChecks(claim, organisation);
    workflow.start(claim, checked);
    return partnerClaims.get(claimId);
  }

  /**
   * Corrects the partner's claim with a merge patch (RFC 7396) of its fields: a field sent with a
   * value replaces it, a field sent as null empties it, a field left out stays. Each changed field
   * is recorded with its value before and after. A document that comes with it is an additional
   * proof of execution: stored, and the claim's proof of execution links to it (the earlier
   * documents stay).
   */
  @Transactional
  public ClaimViews.Detail correct(String claimId, JsonNode patch, PartnerClaims.Upload proof) {
    Claim claim = partnerClaims.lockOwn(claimId);
    if (patch == null && proof != null) {
      patch = json.createObjectNode();
    }
    if (patch == null || !patch.isObject()) {
      throw ClaimProblems.InvalidInput.of(
          null, "the body must be a JSON object of the fields to correct (a merge patch)");
    }
    boolean draft = claim.status() == ClaimStatus.DRAFT;
    ObjectNode fields = json.valueToTree(claim.content());
    Patch parsed = apply(patch, fields, draft);
    List<ClaimProblems.FieldError> errors = new ArrayList<>(parsed.errors());
    boolean answers = parsed.answers();
    String answer = parsed.answer();
    int named = parsed.named();
    ProofDocuments.Kind kind = null;
    if (proof != null) {
      kind = PartnerClaims.documentKind(proof);
      if (patch.has("proofOfExecution")) {
        errors.add(
            new ClaimProblems.FieldError(
                "proofOfExecution", "send either a reference or a document, not both"));
      }
      named++;
    }
    if (named == 0 && errors.isEmpty()) {
      errors.add(new ClaimProblems.FieldError(null, "the correction names no field of the claim"));
    }
    if (!errors.isEmpty()) {
      throw new ClaimProblems.InvalidInput(errors);
    }
    if (!ClaimStatus.CORRECTABLE.contains(claim.status())) {
      throw new ClaimProblems.Conflict(
          claimId
              + " is "
              + claim.status()
              + ": a claim may be corrected while it is "
              + ClaimStatus.CORRECTABLE.stream().map(Enum::name).collect(Collectors.joining(", ")),
          claimId);
    }
    if (answers && claim.status() != ClaimStatus.PARTNER_ACTION_REQUIRED) {
      throw new ClaimProblems.Conflict(
          "No request for more information is pending on "
              + claimId
              + " (status "
              + claim.status()
              + ")",
          claimId);
    }

    if (proof != null) {
      long document = documents.store(claimId, proof.fileName(), kind, proof.content());
      fields.put(
          "proofOfExecution",
          "/api/claims/" + claimId + "/proof-of-execution?document=" + document);
    }
    ClaimContent corrected = content(fields);
    Claim candidate = claim.withContent(corrected);
    List<String> violations =
        draft ? rules.draftViolations(candidate) : rules.violations(candidate);
    if (!violations.isEmpty()) {
      throw new ClaimProblems.InvalidInput(
          violations.stream().map(ClaimProblems.FieldError::of).toList());
    }
    CheckResult checked = null;
    if (!draft) {
      checked = passChecks(candidate, null);
      corrected = corrected.withWorkloads(checked.workloads());
    }
    Map<String, String[]> changes = changes(claim.content(), corrected);
    if (changes.isEmpty() && !answers) {
      return partnerClaims.get(claimId); // the same values again (a retried request): nothing
    }

    String actor = actor(claim.partnerId());
    Instant now = EngineClock.now();
    if (!changes.isEmpty()) {
      claims.updateContent(claimId, corrected, now);
      changes.forEach(
          (field, values) ->
              history.record(
                  claimId,
                  actor,
                  ClaimEventType.CORRECTED,
                  field + ": " + shown(values[0]) + " → " + shown(values[1])));
    }
    if (checked != null && !changes.isEmpty()) {
      claims.setCheckFindings(claimId, checked.summary());
      history.record(
          claimId,
          ClaimHistory.SYSTEM,
          checked.flags().isEmpty() ? ClaimEventType.CHECKS_PASSED : ClaimEventType.CHECKS_FLAGGED,
          checked.summary());
      // The validator's form shows the comment history: what changed, from what to what.
      workflow.corrected(
          claimId,
          actor,
          "Corrected the claim: "
              + changes.entrySet().stream()
                  .map(
                      change ->
                          change.getKey()
                              + " "
                              + shown(change.getValue()[0])
                              + " → "
                              + shown(change.getValue()[1]))
                  .collect(Collectors.joining("; ")));
    }
    if (answers) {
      String text =
          answer != null
              ? answer
              : changes.isEmpty()
                  ? "(no text)"
                  : "Corrected the claim: " + String.join(", ", changes.keySet());
      if (!workflow.partnerAnswered(claimId, text, null)) {
        throw new ClaimProblems.Conflict(
            "The request for more information on " + claimId + " is no longer pending", claimId);
      }
    }
    return partnerClaims.get(claimId);
  }

  /** The merge patch read: its errors, whether it answers, its answer, how many fields it names. */
  private record Patch(
      List<ClaimProblems.FieldError> errors, boolean answers, String answer, int named) {}

  /** Applies the patch's claim fields to {@code fields}; reads the answer's members. */
  private static Patch apply(JsonNode patch, ObjectNode fields, boolean draft) {
    List<ClaimProblems.FieldError> errors = new ArrayList<>();
    boolean answers = false;
    String answer = null;
    int named = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode value = entry.getValue();
      if (name.equals(ANSWERS)) {
        if (!value.isBoolean()) {
          errors.add(new ClaimProblems.FieldError(ANSWERS, "must be true or false"));
        } else {
          answers = value.booleanValue();
        }
      } else if (name.equals(ANSWER)) {
        if (!value.isNull() && !value.isTextual()) {
          errors.add(new ClaimProblems.FieldError(ANSWER, "must be a string"));
        } else if (value.isTextual() && value.textValue().length() > MAX_ANSWER) {
          errors.add(
              new ClaimProblems.FieldError(
                  ANSWER, "must be at most " + MAX_ANSWER + " characters"));
        } else if (value.isTextual() && !value.textValue().isBlank()) {
          answer = value.textValue().trim();
        }
      } else if (name.equals("partnerId")) {
        errors.add(
            new ClaimProblems.FieldError(
                name, "is the authenticated partner's and cannot be corrected"));
      } else if (!FIELDS.contains(name)) {
        errors.add(
            new ClaimProblems.FieldError(
                name, "is not a field of a claim (fields: " + String.join(", ", FIELDS) + ")"));
      } else if (!draft && FIXED_ONCE_SUBMITTED.contains(name)) {
        errors.add(
            new ClaimProblems.FieldError(
                name,
                "cannot be corrected once the claim is submitted: withdraw it and submit a new"
                    + " claim"));
      } else if (name.equals("workloads")) {
        named++;
        if (value.isNull()) {
          fields.putArray(name);
        } else if (!value.isArray() || !allText(value)) {
          errors.add(new ClaimProblems.FieldError(name, "must be a list of workload names"));
        } else {
          fields.set(name, value);
        }
      } else {
        named++;
        if (!value.isNull() && !value.isTextual()) {
          errors.add(new ClaimProblems.FieldError(name, "must be a string or null"));
        } else {
          fields.set(name, value);
        }
      }
    }
    return new Patch(errors, answers, answer, named);
  }

  /**
   * The automated checks, as at submission: a tenant that does not match the domain is refused
   * (422), an identical claim in flight or official too (409).
   */
  private CheckResult passChecks(Claim claim, PartnerOrganisation claimant) {
    CheckResult checked = checks.check(claim, claimant);
    if (!checked.violations().isEmpty()) {
      // The rules passed, so what is left is the tenant directory's answer.
      throw new ClaimProblems.TenantMismatch(checked.violations().get(0));
    }
    if (!checked.duplicateOf().isEmpty()) {
      throw new ClaimProblems.Conflict(
          "An identical claim (same partner, tenant and workload) is in flight or official: "
              + String.join(", ", checked.duplicateOf()),
          checked.duplicateOf().get(0).split(" ")[0]);
    }
    return checked;
  }

  private ClaimContent content(ObjectNode fields) {
    try {
      return json.treeToValue(fields, ClaimContent.class);
    } catch (JsonProcessingException e) {
      throw ClaimProblems.InvalidInput.of(null, "the corrected claim cannot be read");
    }
  }

  /** Field → {before, after}, for each field whose value changed, in the order of the fields. */
  private Map<String, String[]> changes(ClaimContent before, ClaimContent after) {
    ObjectNode old = json.valueToTree(before);
    ObjectNode now = json.valueToTree(after);
    Map<String, String[]> changes = new LinkedHashMap<>();
    for (String field : FIELDS) {
      String was = text(old.get(field));
      String is = text(now.get(field));
      if (!Objects.equals(was, is)) {
        changes.put(field, new String[] {was, is});
      }
    }
    return changes;
  }

  private static String text(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(item -> items.add(item.asText()));
      return items.isEmpty() ? null : String.join(", ", items);
    }
    return value.asText().isEmpty() ? null : value.asText();
  }

  private static String shown(String value) {
    if (value == null) {
      return "(empty)";
    }
    String cut = value.length() > 1900 ? value.substring(0, 1899) + "…" : value;
    return "\"" + cut + "\"";
  }

  private static boolean allText(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private String actor(String partnerId) {
    return currentUser.userId().orElse("partner " + partnerId);
  }
}
