package org.cpor.claims.claim;

import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationRegister;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.partner.PartnerDirectory;
import org.cpor.claims.partner.PartnerOrganisation;
import org.cpor.claims.security.CurrentUser;
import org.cpor.claims.security.Roles;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What partners do with their claims through the partner API. Every method acts for the
 * authenticated partner only: another partner's claim does not exist for it.
 */
@Service
public class PartnerClaims {

  /** An uploaded proof-of-execution document. */
  public record Upload(String fileName, byte[] content) {}

  static final int MAX_DISPUTE_REASON = 4000;

  /** The outcome of a submission; {@code replayed} when an Idempotency-Key found an earlier one. */
  public record Submitted(ClaimViews.Detail claim, boolean replayed) {}

  private final CurrentUser currentUser;
  private final ClaimRepository claims;
  private final ClaimHistory history;
  private final ClaimRules rules;
  private final ClaimChecks checks;
  private final ProofDocuments documents;
  private final IdempotencyKeys idempotencyKeys;
  private final AssociationRegister associations;
  private final ClaimWorkflow workflow;
  private final PartnerDirectory partners;
  private final ClaimDisputes disputes;
  private final Deadlines deadlines;

  public PartnerClaims(
      CurrentUser currentUser,
      ClaimRepository claims,
      ClaimHistory history,
      ClaimRules rules,
      ClaimChecks checks,
      ProofDocuments documents,
      IdempotencyKeys idempotencyKeys,
      AssociationRegister associations,
      ClaimWorkflow workflow,
      PartnerDirectory partners,
      ClaimDisputes disputes,
      Deadlines deadlines) {
    this.currentUser = currentUser;
    this.claims = claims;
    this.history = history;
    this.rules = rules;
    this.checks = checks;
    this.documents = documents;
    this.idempotencyKeys = idempotencyKeys;
    this.associations = associations;
    this.workflow = workflow;
    this.partners = partners;
    this.disputes = disputes;
    this.deadlines = deadlines;
  }

  @Transactional
  public Submitted submit(ClaimContent submission, Upload proof, String idempotencyKey) {
    String partnerId = partnerId();
    if (idempotencyKey != null) {
      if (idempotencyKey.isBlank() || idempotencyKey.length() > IdempotencyKeys.MAX_LENGTH) {
        throw ClaimProblems.InvalidInput.of(
            "Idempotency-Key", "must be 1 to " + IdempotencyKeys.MAX_LENGTH + " characters");
      }
      Optional<String> earlier = idempotencyKeys.claimOf(partnerId, idempotencyKey);
      if (earlier.isPresent()) {
        return new Submitted(detail(earlier.get()), true);
      }
    }
    if (submission == null) {
      throw ClaimProblems.InvalidInput.of("claim", "the request needs a claim");
    }

    PartnerOrganisation organisation =
        partners.find(partnerId).orElseThrow(() -> new ClaimProblems.UnknownPartner(partnerId));
    String claimId = claims.nextClaimId();
    ProofDocuments.Kind kind = proof == null ? null : documentKind(proof);
    String proofReference =
        proof == null
            ? submission.proofOfExecution()
            : "/api/claims/" + claimId + "/proof-of-execution";
    Claim claim =
        Claim.submitted(
            claimId,
            partnerId,
            organisation.name(),
            submission.withProofOfExecution(proofReference));

    List<ClaimProblems.FieldError> errors =
        new ArrayList<>(
            rules.violations(claim).stream().map(ClaimProblems.FieldError::of).toList());
    if (proof != null
        && submission.proofOfExecution() != null
        && !submission.proofOfExecution().isBlank()) {
      errors.add(
          new ClaimProblems.FieldError(
              "proofOfExecution", "send either a reference or a document, not both"));
    }
    if (!errors.isEmpty()) {
      throw new ClaimProblems.InvalidInput(errors);
    }
    if (idempotencyKey != null) {
      // Before the duplicate check: a request racing this one with the same key waits here until
      // this one ends, and then answers with its claim instead of calling it a duplicate.
      idempotencyKeys.record(partnerId, idempotencyKey, claimId);
    }
    // The checks the process would run next: it gets this result with the start.
    CheckResult checked = checks.check(claim, organisation);
    if (!checked.violations().isEmpty()) {
      // The rules passed above, so what is left is the tenant directory's answer.
      throw new ClaimProblems.TenantMismatch(checked.violations().get(0));
    }
    if (!checked.duplicateOf().isEmpty()) {
      String existing = checked.duplicateOf().get(0).split(" ")[0];
      throw new ClaimProblems.Conflict(
          "An identical claim (same partner, tenant and workload) is in flight or "
              + "official: "
              + String.join(", ", checked.duplicateOf()),
          existing);
    }

    workflow.start(claim, checked);
    if (proof != null) {
      documents.store(claimId, proof.fileName(), kind, proof.content());
    }
    return new Submitted(detail(claimId), false);
  }

  /**
   * A page of the partner's claims, newest first, optionally of one status: after {@code cursor}
   * when given, else page number {@code page} (whose offset grows with the page; the cursor's cost
   * does not). Counted only with {@code total}.
   */
  @Transactional(readOnly = true)
  public ClaimViews.Page<ClaimViews.Summary> list(
      ClaimStatus status, Integer page, int size, String cursor, boolean total) {
    String partnerId = partnerId();
    PageCursor after = cursor == null ? null : PageCursor.decode(CLAIMS, cursor);
    long offset = page == null ? 0 : (long) page * size;
    // One row more than the page: whether there is a next page, without counting.
    List<Claim> rows =
        claims.pageOf(
            partnerId,
            status,
            after == null ? null : after.at(),
            after == null ? null : after.key(),
            size + 1,
            offset);
    List<Claim> shown = rows.subList(0, Math.min(size, rows.size()));
    String next = null;
    if (rows.size() > size) {
      Claim last = shown.get(shown.size() - 1);
      next = new PageCursor(CLAIMS, last.submittedAt(), last.id()).encode();
    }
    Long totalElements = total ? claims.countOf(partnerId, status) : null;
    return new ClaimViews.Page<>(
        shown.stream().map(ClaimViews.Summary::of).toList(),
        after == null ? (page == null ? 0 : page) : null,
        size,
        totalElements,
        totalElements == null ? null : (int) ((totalElements + size - 1) / size),
        next);
  }

  /**
   * Every claim of the partner (optionally of one status) as CSV, newest first, streamed: batch
   * after batch, each in a short read of its own (no transaction for the length of a download).
   */
  public void writeClaimsCsv(String partnerId, ClaimStatus status, Writer out) {
    Csv csv = new Csv(out);
    csv.row(
        "id",
        "claimName",
        "customerDomain",
        "customerTenantId",
        "solutionArea",
        "activity",
        "workloads",
        "subscriptionId",
        "status",
        "rejectionReason",
        "submittedAt",
        "updatedAt");
    claims.forEachOf(
        partnerId,
        status,
        claim ->
            csv.row(
                claim.id(),
                claim.content().claimName(),
                claim.content().customerDomain(),
                claim.content().customerTenantId(),
                claim.content().solutionArea(),
                claim.content().activity(),
                String.join(";", claim.content().workloads()),
                claim.content().subscriptionId(),
                claim.status(),
                claim.rejectionReason(),
                claim.submittedAt(),
                claim.updatedAt()));
    csv.flush();
  }

  /** A page of the partner's associations, newest first, after {@code cursor} when given. */
  @Transactional(readOnly = true)
  public ClaimViews.Page<Association> associations(
      AssociationQuery query, int size, String cursor) {
    AssociationRegister.Filter filter = query.filterFor(partnerId());
    PageCursor after = cursor == null ? null : PageCursor.decode(ASSOCIATIONS, cursor);
    Long afterId = null;
    if (after != null) {
      try {
        afterId = Long.parseLong(after.key());
      } catch (NumberFormatException notOurs) {
        throw ClaimProblems.InvalidInput.of(
            "cursor",
            "must be the nextCursor of an earlier page of " + ASSOCIATIONS + ", unchanged");
      }
    }
    List<Association> rows =
        associations.pageOf(filter, after == null ? null : after.at(), afterId, size + 1);
    List<Association> shown = rows.subList(0, Math.min(size, rows.size()));
    String next = null;
    if (rows.size() > size) {
      Association last = shown.get(shown.size() - 1);
      next = new PageCursor(ASSOCIATIONS, last.officialSince(), String.valueOf(last.id())).encode();
    }
    return new ClaimViews.Page<>(List.copyOf(shown), null, size, null, null, next);
  }

  /** Every association of the query as CSV, newest first, streamed batch after batch. */
  public void writeAssociationsCsv(String partnerId, AssociationQuery query, Writer out) {
    Csv csv = new Csv(out);
    csv.row(
        "customerTenantId",
        "workload",
        "subscriptionId",
        "claimId",
        "status",
        "officialSince",
        "endedAt",
        "id",
        "endedBy",
        "endReason");
    associations.forEachOf(
        query.filterFor(partnerId),
        association ->
            csv.row(
                association.customerTenantId(),
                association.workload(),
                association.subscriptionId(),
                association.claimId(),
                association.status(),
                association.officialSince(),
                association.endedAt(),
                association.id(),
                association.endedBy(),
                association.endReason()));
    csv.flush();
  }

  /**
   * Which associations a partner asks for: of one status, optionally of one tenant, workload and
   * subscription (checked and in their stored spelling).
   */
  public record AssociationQuery(
      AssociationStatus status, String tenantKey, String workload, String subscriptionKey) {
    AssociationRegister.Filter filterFor(String partnerId) {
      return new AssociationRegister.Filter(
          partnerId, status, tenantKey, workload, subscriptionKey);
    }
  }

  static final String CLAIMS = "claims";
  static final String ASSOCIATIONS = "associations";

  /**
   * The authenticated partner's ID (read on the request's thread: a streamed answer runs later).
   */
  public String currentPartnerId() {
    return partnerId();
  }

  @Transactional(readOnly = true)
  public ClaimViews.Detail get(String claimId) {
    return ClaimViews.Detail.of(
        own(claimId), history.of(claimId), disputes.of(claimId).orElse(null));
  }

  /**
   * The partner answers a request for more information, optionally with a new proof of execution.
   */
  @Transactional
  public ClaimViews.Detail answer(
      String claimId, String answer, String proofReference, Upload proof) {
    Claim claim = lockOwn(claimId);
    List<ClaimProblems.FieldError> errors = new ArrayList<>();
    if (answer == null || answer.isBlank()) {
      errors.add(new ClaimProblems.FieldError("answer", "is required"));
    } else if (answer.length() > 4000) {
      errors.add(new ClaimProblems.FieldError("answer", "must be at most 4000 characters"));
    }
    checkProofReference(proofReference, errors);
    if (!errors.isEmpty()) {
      throw new ClaimProblems.InvalidInput(errors);
    }
    ProofDocuments.Kind kind = proof == null ? null : documentKind(proof);
    if (claim.status() != ClaimStatus.PARTNER_ACTION_REQUIRED) {
      throw new ClaimProblems.Conflict(
          "No request for more information is pending on "
              + claimId
              + " (status "
              + claim.status()
              + ")",
          claimId);
    }
    String newProof = newProof(claimId, proofReference, proof, kind);
    if (!workflow.partnerAnswered(claimId, answer.trim(), newProof)) {
      throw new ClaimProblems.Conflict(
          "The request for more information on " + claimId + " is no longer pending", claimId);
    }
    return get(claimId);
  }

  /** A new proof-of-execution reference no longer than the claim's column takes. */
  private static void checkProofReference(
      String proofReference, List<ClaimProblems.FieldError> errors) {
    int max = ClaimRules.MAX_LENGTHS.get("proofOfExecution");
    if (proofReference != null && proofReference.length() > max) {
      errors.add(
          new ClaimProblems.FieldError(
              "proofOfExecution", "must be at most " + max + " characters"));
    }
  }

  /**
   * The new proof of execution an answer or a dispute brings: the uploaded document (stored now) or
   * the reference; null when neither.
   */
  private String newProof(
      String claimId, String proofReference, Upload proof, ProofDocuments.Kind kind) {
    if (proof != null) {
      long document = documents.store(claimId, proof.fileName(), kind, proof.content());
      return "/api/claims/" + claimId + "/proof-of-execution?document=" + document;
    }
    return proofReference != null && !proofReference.isBlank() ? proofReference.trim() : null;
  }

  /**
   * The partner withdraws its claim: it is rejected as "partner request" (possible until it is
   * official).
   */
  @Transactional
  public ClaimViews.Detail withdraw(String claimId, String reason) {
    Claim claim = lockOwn(claimId);
    if (reason != null && reason.length() > 2000) {
      throw ClaimProblems.InvalidInput.of("reason", "must be at most 2000 characters");
    }
    if (claim.status() == ClaimStatus.OFFICIAL || claim.status() == ClaimStatus.REJECTED) {
      throw new ClaimProblems.Conflict(
          claimId + " is " + claim.status() + " and can no longer be withdrawn", claimId);
    }
    if (claim.status() == ClaimStatus.DRAFT) {
      throw new ClaimProblems.Conflict(
          claimId
              + " is a draft: there is nothing to withdraw until it is submitted (an unchanged"
              + " draft is deleted after 30 days)",
          claimId);
    }
    String detail =
        "Withdrawn by the partner"
            + (reason == null || reason.isBlank() ? "." : ": " + reason.trim());
    if (!workflow.withdrawn(
        claimId, detail, currentUser.userId().orElse("partner " + claim.partnerId()))) {
      throw new ClaimProblems.Conflict(claimId + " can no longer be withdrawn", claimId);
    }
    return get(claimId);
  }

  /**
   * The partner disputes the claim's rejection: once, within 30 calendar days, and only a rejection
   * that neither the customer nor the partner caused. The claim goes back to a validator (one who
   * did not reject it).
   */
  @Transactional
  public ClaimViews.Detail dispute(
      String claimId, String reason, String proofReference, Upload proof) {
    Claim claim = lockOwn(claimId);
    List<ClaimProblems.FieldError> errors = new ArrayList<>();
    if (reason == null || reason.isBlank()) {
      errors.add(new ClaimProblems.FieldError("reason", "is required: the business justification"));
    } else if (reason.length() > MAX_DISPUTE_REASON) {
      errors.add(
          new ClaimProblems.FieldError(
              "reason", "must be at most " + MAX_DISPUTE_REASON + " characters"));
    }
    checkProofReference(proofReference, errors);
    if (proof != null && proofReference != null && !proofReference.isBlank()) {
      errors.add(
          new ClaimProblems.FieldError(
              "proofOfExecution", "send either a reference or a document, not both"));
    }
    if (!errors.isEmpty()) {
      throw new ClaimProblems.InvalidInput(errors);
    }
    ProofDocuments.Kind kind = proof == null ? null : documentKind(proof);
    if (disputes.of(claimId).isPresent()) {
      throw new ClaimProblems.Conflict(
          claimId + " has been disputed already: a claim may be disputed once", claimId);
    }
    if (claim.status() != ClaimStatus.REJECTED) {
      throw new ClaimProblems.Conflict(
          claimId + " is " + claim.status() + ": only a rejected claim may be disputed", claimId);
    }
    if (!claim.rejectionReason().isDisputable()) {
      throw new ClaimProblems.Conflict(
          claimId
              + " was rejected as \""
              + claim.rejectionReason().label()
              + "\", which the customer or the partner caused: such a rejection is not"
              + " disputable; submit a new claim instead",
          claimId);
    }
    List<ClaimEvent> events = history.of(claimId);
    ClaimEvent rejection =
        events.stream()
            .filter(event -> event.type() == ClaimEventType.REJECTED)
            .reduce((first, second) -> second)
            .orElseThrow(() -> new IllegalStateException(claimId + " has no rejection event"));
    Instant now = EngineClock.now();
    Instant deadline = deadlines.disputeDeadline(rejection.occurredAt());
    if (now.isAfter(deadline)) {
      throw new ClaimProblems.Gone(
          "The 30 days to dispute the rejection of "
              + claimId
              + " ended: it could be disputed until "
              + deadlines.lastMomentToAct(deadline)
              + "; submit a new claim instead");
    }
    String rejectedBy =
        events.stream()
            .filter(event -> event.type() == ClaimEventType.REJECTED_BY_VALIDATOR)
            .reduce((first, second) -> second)
            .map(ClaimEvent::actor)
            .orElse(ClaimHistory.SYSTEM);
    String newProof = newProof(claimId, proofReference, proof, kind);
    String partnerUser = currentUser.userId().orElse("partner " + claim.partnerId());
    disputes.insert(
        new ClaimDisputes.Dispute(
            claimId,
            reason.trim(),
            newProof,
            partnerUser,
            now,
            claim.rejectionReason(),
            rejection.detail(),
            rejectedBy,
            rejection.occurredAt(),
            null,
            null,
            null,
            null));
    history.record(
        claimId,
        partnerUser,
        ClaimEventType.DISPUTED,
        reason.trim() + (newProof == null ? "" : " (new proof of execution: " + newProof + ")"));
    if (!workflow.disputed(claimId)) {
      // The window closed while this request ran (or the claim's process, of a release before
      // disputes, no longer waits); the transaction rolls back the dispute.
      throw new ClaimProblems.Gone(
          "The rejection of " + claimId + " can no longer be disputed: its 30 days have ended");
    }
    return get(claimId);
  }

  /** The claim's proof-of-execution document: for its partner, validators, analysts and admins. */
  @Transactional(readOnly = true)
  public ProofDocuments.Document proofOfExecution(String claimId, Long documentId) {
    boolean staff =
        currentUser.isIn(Roles.VALIDATORS)
            || currentUser.isIn(Roles.ANALYSTS)
            || currentUser.isIn(Roles.ADMINS);
    if (!staff) {
      own(claimId);
    }
    return (documentId == null ? documents.latest(claimId) : documents.find(claimId, documentId))
        .orElseThrow(() -> new ClaimProblems.NotFound("Proof-of-execution document of " + claimId));
  }

  ClaimViews.Detail detail(String claimId) {
    return ClaimViews.Detail.of(
        claims.get(claimId), history.of(claimId), disputes.of(claimId).orElse(null));
  }

  Claim own(String claimId) {
    String partnerId = partnerId();
    return claims
        .findById(claimId)
        .filter(claim -> partnerId.equals(claim.partnerId()))
        .orElseThrow(() -> new ClaimProblems.NotFound("Claim " + claimId));
  }

  /** The partner's own claim, locked for this transaction and read after the lock. */
  Claim lockOwn(String claimId) {
    own(claimId);
    claims.lock(claimId);
    return own(claimId);
  }

  String partnerId() {
    return currentUser.partnerId().orElseThrow(ClaimProblems.NotAPartner::new);
  }

  static ProofDocuments.Kind documentKind(Upload proof) {
    if (proof.content().length == 0) {
      throw ClaimProblems.InvalidInput.of("proofOfExecution", "the document is empty");
    }
    if (proof.content().length > ProofDocuments.MAX_BYTES) {
      throw ClaimProblems.InvalidInput.of("proofOfExecution", "must be at most 10 MiB");
    }
    if (proof.fileName() == null || proof.fileName().isBlank() || proof.fileName().length() > 255) {
      throw ClaimProblems.InvalidInput.of(
          "proofOfExecution", "needs a file name of at most 255 characters");
    }
    return ProofDocuments.kindOf(proof.content())
        .orElseThrow(
            () ->
                ClaimProblems.InvalidInput.of(
                    "proofOfExecution",
                    "must be a PDF, PNG, JPEG or DOCX document (recognised by its content, not its name)"));
  }
}
