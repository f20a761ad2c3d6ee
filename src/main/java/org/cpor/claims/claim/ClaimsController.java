package org.cpor.claims.claim;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.association.EndedBy;
import org.cpor.claims.operations.OptimisticRetry;
import org.cpor.claims.tenant.TenantIds;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The partner API: partners submit and follow their own claims. HTTP Basic; problem details on
 * errors.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Claims", description = ClaimsController.TAG_DESCRIPTION)
class ClaimsController {

  /**
   * The tag of every partner operation on claims and associations (one description, or two tags).
   */
  static final String TAG_DESCRIPTION =
      "Partners submit, correct and follow their CPOR claims, answer requests for information,"
          + " withdraw and dispute them, and read and end the associations that became official";

  static final int MAX_PAGE_SIZE = 100;

  private final PartnerClaims partnerClaims;
  private final ClaimCorrections corrections;

  ClaimsController(PartnerClaims partnerClaims, ClaimCorrections corrections) {
    this.partnerClaims = partnerClaims;
    this.corrections = corrections;
  }

  /** The answer to a request for more information. */
  public record Answer(String answer, String proofOfExecution) {}

  /** Why the partner withdraws (optional). */
  public record Withdrawal(String reason) {}

  /** A dispute of the claim's rejection: the business justification and an updated PoE. */
  public record Dispute(
      @Schema(
              description = "the business justification, at most 4000 characters",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String reason,
      @Schema(description = "a link to an updated proof of execution (optional)")
          String proofOfExecution) {}

  @Operation(
      operationId = "submitClaim",
      summary = "Submit a claim, or save it as a draft (draft=true)",
      description =
          "As JSON, or as multipart/form-data with the proof-of-execution document: part 'claim' is"
              + " the JSON claim, part 'proofOfExecution' a PDF, PNG, JPEG or DOCX of at most 10 MiB"
              + " (checked by content). The partner ID is the logged-in user's. A retried request"
              + " with the same Idempotency-Key answers with the first claim and starts nothing."
              + " With draft=true the claim is stored in status DRAFT and nothing else happens (no"
              + " process, no checks, no mails): formats and lengths are checked, required fields"
              + " may still be empty. Complete it with PATCH /api/claims/{id}, then POST"
              + " /api/claims/{id}/submit. A draft unchanged for 30 days is deleted.")
  @ApiResponse(
      responseCode = "201",
      description = "submitted: the claim, under review (with draft=true: the draft)",
      headers = {
        @Header(
            name = "Location",
            description = "the claim's address: /api/claims/{id}",
            schema = @Schema(type = "string")),
        @Header(
            name = "Idempotent-Replayed",
            description = "true when the Idempotency-Key was used before: nothing new was started",
            schema = @Schema(type = "string"))
      })
  @ApiResponse(
      responseCode = "400",
      description =
          "the claim breaks rules (every field and rule in errors), or the body is unreadable")
  @ApiResponse(
      responseCode = "403",
      description =
          "the user is not a partner, or the partner's organisation is not in the partner directory")
  @ApiResponse(
      responseCode = "409",
      description =
          "an identical claim (same partner, tenant and workload) is in flight or official: claimId",
      content =
          @Content(
              mediaType = PROBLEM,
              examples =
                  @ExampleObject(
                      name = "duplicate",
                      value =
                          "{\"type\": \"about:blank\", \"title\": \"Conflict\", \"status\": 409, \"detail\": \"An identical claim (same partner, tenant and workload) is in flight or official: CPOR-1000 (UNDER_REVIEW)\", \"instance\": \"/api/claims\", \"claimId\": \"CPOR-1000\"}")))
  @ApiResponse(
      responseCode = "422",
      description = "well formed, but the customer's domain does not belong to the customer tenant")
  @PostMapping(value = "/claims", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<ClaimViews.Detail> submit(
      @RequestBody ClaimContent claim,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
      @Parameter(description = "true: save as a draft, do not submit")
          @RequestParam(defaultValue = "false")
          String draft,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage) {
    ClaimContent content = withLanguages(claim, acceptLanguage);
    if (booleanParameter("draft", draft)) {
      return created(submitOnce(() -> corrections.saveDraft(content, null, idempotencyKey)));
    }
    return created(submitOnce(() -> partnerClaims.submit(content, null, idempotencyKey)));
  }

  @Operation(operationId = "submitClaim", summary = "Submit a claim")
  @PostMapping(value = "/claims", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ResponseEntity<ClaimViews.Detail> submitWithDocument(
      @RequestPart("claim") ClaimContent claim,
      @RequestPart(value = "proofOfExecution", required = false) MultipartFile proof,
      @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
      @Parameter(description = "true: save as a draft, do not submit")
          @RequestParam(defaultValue = "false")
          String draft,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage)
      throws IOException {
    PartnerClaims.Upload document = upload(proof);
    ClaimContent content = withLanguages(claim, acceptLanguage);
    if (booleanParameter("draft", draft)) {
      return created(submitOnce(() -> corrections.saveDraft(content, document, idempotencyKey)));
    }
    return created(submitOnce(() -> partnerClaims.submit(content, document, idempotencyKey)));
  }

  @Operation(
      summary = "Correct a claim before review (a merge patch of its fields), or edit a draft",
      description =
          "While the claim is DRAFT, SUBMITTED or PARTNER_ACTION_REQUIRED. The body is a JSON "
              + "merge patch (RFC 7396) of the claim's fields: a field with a value replaces it, "
              + "a field set to null empties it, a field left out stays; e.g. "
              + "{\"customerContactEmail\": \"chris@contoso.com\", \"workloads\": [\"Teams\"]}. "
              + "A new proofOfExecution reference adds a proof (the earlier documents stay). "
              + "solutionArea and activity are fixed once the claim is submitted. A submitted "
              + "claim's correction passes the rules and the automated checks again, as the "
              + "submission did (400, 422, 409), and is refused whole if it breaks them. In "
              + "PARTNER_ACTION_REQUIRED the correction answers the request for more information "
              + "only with \"answersInformationRequest\": true (and an optional \"answer\" "
              + "text); otherwise the request stays open. Every changed field is in the claim's "
              + "history with its value before and after.")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the corrected claim"),
    @ApiResponse(
        responseCode = "400",
        description = "a field breaks a rule, is unknown or cannot be corrected",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "404",
        description = "no such claim, or another partner's",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "409",
        description =
            "the claim is in review or decided (not DRAFT, SUBMITTED or PARTNER_ACTION_REQUIRED), "
                + "no request for more information is pending, or the correction duplicates a claim",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "422",
        description = "the corrected customer domain does not belong to the tenant",
        content = @Content(mediaType = "application/problem+json"))
  })
  @PatchMapping(
      value = "/claims/{id}",
      consumes = {"application/merge-patch+json", MediaType.APPLICATION_JSON_VALUE})
  public ClaimViews.Detail correct(@PathVariable String id, @RequestBody JsonNode correction) {
    return OptimisticRetry.call(() -> corrections.correct(id, correction, null));
  }

  @Operation(
      summary = "Correct a claim before review with an additional proof-of-execution document",
      description =
          "Part 'correction' (optional) is the JSON merge patch, part 'proofOfExecution' a PDF,"
              + " PNG, JPEG or DOCX of at most 10 MiB: stored, and the claim's proof of execution"
              + " links to it (earlier documents stay downloadable). The same rules as the JSON"
              + " request.")
  @PatchMapping(value = "/claims/{id}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ClaimViews.Detail correctWithDocument(
      @PathVariable String id,
      @RequestPart(value = "correction", required = false) JsonNode correction,
      @RequestPart("proofOfExecution") MultipartFile proof)
      throws IOException {
    PartnerClaims.Upload document = upload(proof);
    return OptimisticRetry.call(() -> corrections.correct(id, correction, document));
  }

  @Operation(
      summary = "Submit a draft: the full rules and checks, then the normal path, same claim ID")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the submitted claim"),
    @ApiResponse(
        responseCode = "400",
        description = "the draft still breaks a rule (e.g. a required field is empty)",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "404",
        description = "no such claim, or another partner's",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "409",
        description = "not a draft (submitted already), or an identical claim is in flight",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "422",
        description = "the customer domain does not belong to the tenant",
        content = @Content(mediaType = "application/problem+json"))
  })
  @PostMapping("/claims/{id}/submit")
  public ClaimViews.Detail submitDraft(@PathVariable String id) {
    return OptimisticRetry.call(() -> corrections.submitDraft(id));
  }

  @Operation(
      operationId = "listClaims",
      summary = "Your claims, newest first (submitted, then ID), optionally of one status",
      description =
          "Page after page with the cursor: each answer's nextCursor (null on the last page) is the "
              + "next request's cursor; a page costs the same however many claims you hold, and claims "
              + "submitted meanwhile do not shift the pages still to come. page (a page number) still "
              + "works but reads past every earlier page; it cannot be combined with cursor. "
              + "totalElements and totalPages only with total=true (counting reads all your claims).")
  @ApiResponse(responseCode = "200", description = "a page of your claims")
  @ApiResponse(
      responseCode = "400",
      description = "a parameter breaks its rule (status, page, size, cursor, total)",
      content =
          @Content(
              mediaType = PROBLEM,
              examples =
                  @ExampleObject(
                      name = "size",
                      value =
                          "{\"type\": \"about:blank\", \"title\": \"Invalid claim input\", \"status\": 400, \"detail\": \"size: must be a whole number from 1 to 100\", \"instance\": \"/api/claims\", \"errors\": [{\"field\": \"size\", \"rule\": \"must be a whole number from 1 to 100\"}]}")))
  @GetMapping("/claims")
  public ClaimViews.Page<ClaimViews.Summary> list(
      @Parameter(description = "only claims of this status") @RequestParam(required = false)
          String status,
      @Parameter(description = "page number from 0 (offset paging; prefer cursor)")
          @RequestParam(required = false)
          String page,
      @Parameter(description = "claims per page, 1 to " + MAX_PAGE_SIZE)
          @RequestParam(defaultValue = "20")
          String size,
      @Parameter(description = "the nextCursor of the previous page")
          @RequestParam(required = false)
          String cursor,
      @Parameter(description = "true: also count them (totalElements, totalPages)")
          @RequestParam(defaultValue = "false")
          String total) {
    Integer pageNumber =
        page == null ? null : intParameter("page", page, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
    int pageSize = intParameter("size", size, 1, MAX_PAGE_SIZE);
    if (page != null && cursor != null) {
      throw ClaimProblems.InvalidInput.of("cursor", "cannot be combined with page");
    }
    return partnerClaims.list(
        claimStatus(status), pageNumber, pageSize, cursor, booleanParameter("total", total));
  }

  @Operation(
      operationId = "exportClaims",
      summary = "All your claims as CSV (optionally of one status), newest first, streamed",
      description =
          "Columns: id, claimName, customerDomain, customerTenantId, solutionArea, activity, "
              + "workloads (separated by ;), subscriptionId, status, rejectionReason, submittedAt, "
              + "updatedAt. RFC 4180, UTF-8, a header line.")
  @ApiResponse(
      responseCode = "200",
      description = "the claims, one a line",
      content = @Content(mediaType = CSV, schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "400", description = "status is not a claim status")
  @GetMapping("/claims.csv")
  public ResponseEntity<StreamingResponseBody> claimsCsv(
      @Parameter(description = "only claims of this status") @RequestParam(required = false)
          String status) {
    ClaimStatus wanted = claimStatus(status);
    String partnerId = partnerClaims.currentPartnerId();
    return csv("claims.csv", out -> partnerClaims.writeClaimsCsv(partnerId, wanted, out));
  }

  @Operation(
      operationId = "getClaim",
      summary = "One of your claims: status, rejection reason, deadlines, full history",
      description =
          "The claim as it is now: its status, the rejection reason, the deadlines that run (review,"
              + " answer, opt-out, dispute), the dispute if any and every event of its history.")
  @ApiResponse(responseCode = "200", description = "the claim")
  @ApiResponse(responseCode = "404", description = "no such claim, or another partner's")
  @GetMapping("/claims/{id}")
  public ClaimViews.Detail get(@PathVariable String id) {
    return partnerClaims.get(id);
  }

  @Operation(
      operationId = "answerInformationRequest",
      summary = "Answer a request for more information",
      description =
          "As JSON (answer, optionally a proofOfExecution reference), or as multipart/form-data"
              + " with part 'answer' and part 'proofOfExecution', a new document (PDF, PNG, JPEG or"
              + " DOCX of at most 10 MiB). The claim goes back to its validator.")
  @ApiResponse(responseCode = "200", description = "the claim, under review again")
  @ApiResponse(
      responseCode = "400",
      description = "answer missing or too long, the document refused, or the body unreadable",
      content =
          @Content(
              mediaType = PROBLEM,
              examples =
                  @ExampleObject(
                      name = "answer",
                      value =
                          "{\"type\": \"about:blank\", \"title\": \"Invalid claim input\", \"status\": 400, \"detail\": \"answer: is required\", \"instance\": \"/api/claims/CPOR-1000/information\", \"errors\": [{\"field\": \"answer\", \"rule\": \"is required\"}]}")))
  @ApiResponse(responseCode = "404", description = "no such claim, or another partner's")
  @ApiResponse(
      responseCode = "409",
      description = "no request for more information is pending on the claim: claimId")
  @PostMapping(value = "/claims/{id}/information", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ClaimViews.Detail answer(@PathVariable String id, @RequestBody Answer answer) {
    return OptimisticRetry.call(
        () -> partnerClaims.answer(id, answer.answer(), answer.proofOfExecution(), null));
  }

  @Operation(
      operationId = "answerInformationRequest",
      summary = "Answer a request for more information")
  @PostMapping(value = "/claims/{id}/information", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ClaimViews.Detail answerWithDocument(
      @PathVariable String id,
      @RequestPart("answer") String answer,
      @RequestPart(value = "proofOfExecution", required = false) MultipartFile proof)
      throws IOException {
    PartnerClaims.Upload document = upload(proof);
    return OptimisticRetry.call(() -> partnerClaims.answer(id, answer, null, document));
  }

  @Operation(
      operationId = "withdrawClaim",
      summary = "Withdraw a claim: it is rejected as 'partner request' (until it is official)",
      description =
          "The body (a reason, at most 2000 characters) is optional. A withdrawn claim is"
              + " REJECTED with reason PARTNER_REQUEST and cannot be disputed.")
  @ApiResponse(responseCode = "200", description = "the claim, rejected as withdrawn")
  @ApiResponse(
      responseCode = "400",
      description = "reason longer than 2000 characters, or the body unreadable",
      content =
          @Content(
              mediaType = PROBLEM,
              examples =
                  @ExampleObject(
                      name = "reason",
                      value =
                          "{\"type\": \"about:blank\", \"title\": \"Invalid claim input\", \"status\": 400, \"detail\": \"reason: must be at most 2000 characters\", \"instance\": \"/api/claims/CPOR-1000/withdraw\", \"errors\": [{\"field\": \"reason\", \"rule\": \"must be at most 2000 characters\"}]}")))
  @ApiResponse(responseCode = "404", description = "no such claim, or another partner's")
  @ApiResponse(
      responseCode = "409",
      description = "the claim is official or rejected already: it can no longer be withdrawn",
      content =
          @Content(
              mediaType = PROBLEM,
              examples =
                  @ExampleObject(
                      name = "official",
                      value =
                          "{\"type\": \"about:blank\", \"title\": \"Conflict\", \"status\": 409, \"detail\": \"CPOR-1000 is OFFICIAL and can no longer be withdrawn\", \"instance\": \"/api/claims/CPOR-1000/withdraw\", \"claimId\": \"CPOR-1000\"}")))
  @PostMapping("/claims/{id}/withdraw")
  public ClaimViews.Detail withdraw(
      @PathVariable String id, @RequestBody(required = false) Withdrawal withdrawal) {
    return OptimisticRetry.call(
        () -> partnerClaims.withdraw(id, withdrawal == null ? null : withdrawal.reason()));
  }

  @Operation(
      operationId = "disputeRejection",
      summary = "Dispute the claim's rejection (once, within 30 days of it)",
      description =
          "By the claim's own partner. Rejections the customer or the partner caused (customer"
              + " declined, partner request or withdrawal) are not disputable. The claim is"
              + " UNDER_REVIEW again, by a validator other than the one who rejected it. As JSON, or"
              + " as multipart/form-data with part 'reason' (the business justification) and part"
              + " 'proofOfExecution' (a PDF, PNG, JPEG or DOCX of at most 10 MiB).")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the claim, with its dispute"),
    @ApiResponse(
        responseCode = "400",
        description = "reason missing or too long, the document refused, or the body unreadable",
        content =
            @Content(
                mediaType = PROBLEM,
                examples =
                    @ExampleObject(
                        name = "reason",
                        value =
                            "{\"type\": \"about:blank\", \"title\": \"Invalid claim input\", \"status\": 400, \"detail\": \"reason: is required: the business justification\", \"instance\": \"/api/claims/CPOR-1000/dispute\", \"errors\": [{\"field\": \"reason\", \"rule\": \"is required: the business justification\"}]}"))),
    @ApiResponse(responseCode = "404", description = "no such claim, or another partner's"),
    @ApiResponse(
        responseCode = "409",
        description = "disputed already, not rejected, or the rejection is not disputable: claimId",
        content =
            @Content(
                mediaType = PROBLEM,
                examples =
                    @ExampleObject(
                        name = "disputed",
                        value =
                            "{\"type\": \"about:blank\", \"title\": \"Conflict\", \"status\": 409, \"detail\": \"CPOR-1000 has been disputed already: a claim may be disputed once\", \"instance\": \"/api/claims/CPOR-1000/dispute\", \"claimId\": \"CPOR-1000\"}"))),
    @ApiResponse(
        responseCode = "410",
        description = "the 30 days to dispute have passed",
        content =
            @Content(
                mediaType = PROBLEM,
                examples =
                    @ExampleObject(
                        name = "late",
                        value =
                            "{\"type\": \"about:blank\", \"title\": \"Gone\", \"status\": 410, \"detail\": \"The 30 days to dispute the rejection of CPOR-1000 ended: it could be disputed until 2026-03-02T23:59:59-08:00; submit a new claim instead\", \"instance\": \"/api/claims/CPOR-1000/dispute\"}")))
  })
  @PostMapping(value = "/claims/{id}/dispute", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ClaimViews.Detail dispute(@PathVariable String id, @RequestBody Dispute dispute) {
    return OptimisticRetry.call(
        () -> partnerClaims.dispute(id, dispute.reason(), dispute.proofOfExecution(), null));
  }

  @Operation(
      operationId = "disputeRejection",
      summary = "Dispute the claim's rejection (once, within 30 days of it)")
  @PostMapping(value = "/claims/{id}/dispute", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ClaimViews.Detail disputeWithDocument(
      @PathVariable String id,
      @RequestPart("reason") String reason,
      @RequestPart(value = "proofOfExecution", required = false) MultipartFile proof)
      throws IOException {
    PartnerClaims.Upload document = upload(proof);
    return OptimisticRetry.call(() -> partnerClaims.dispute(id, reason, null, document));
  }

  @Operation(
      operationId = "downloadProofOfExecution",
      summary = "Download the claim's proof-of-execution document (its partner and validators)",
      description =
          "The newest document the claim was submitted, answered or disputed with, or the one"
              + " asked for; as an attachment, with the content type its content showed.")
  @ApiResponse(
      responseCode = "200",
      description = "the document",
      content = {
        @Content(
            mediaType = "application/pdf",
            schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "image/png", schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "image/jpeg", schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            schema = @Schema(type = "string", format = "binary"))
      })
  @ApiResponse(
      responseCode = "400",
      description = "document is not a number",
      content =
          @Content(
              mediaType = PROBLEM,
              examples =
                  @ExampleObject(
                      name = "document",
                      value =
                          "{\"type\": \"about:blank\", \"title\": \"Bad Request\", \"status\": 400, \"detail\": \"Failed to convert 'document' with value: 'newest'\", \"instance\": \"/api/claims/CPOR-1000/proof-of-execution\"}")))
  @ApiResponse(
      responseCode = "404",
      description = "no such claim or document, or another partner's claim")
  @GetMapping("/claims/{id}/proof-of-execution")
  public ResponseEntity<byte[]> proofOfExecution(
      @PathVariable String id,
      @Parameter(description = "a particular document; the newest without it")
          @RequestParam(required = false)
          Long document) {
    ProofDocuments.Document found = partnerClaims.proofOfExecution(id, document);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(found.contentType()))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(found.fileName()).build().toString())
        .header("X-Content-Type-Options", "nosniff")
        .body(found.content());
  }

  @Operation(
      operationId = "listAssociations",
      summary = "Your associations, newest first (official since, then ID), a page at a time",
      description =
          "OFFICIAL ones unless status says otherwise (SUPERSEDED: taken over by another partner's "
              + "claim; ENDED: ended by the customer, by you or by the subscription's end). Filters combine. Page after page with the cursor: each answer's nextCursor "
              + "(null on the last page) is the next request's cursor. No totals: GET "
              + "/api/associations.csv gives all of them at once.")
  @ApiResponse(responseCode = "200", description = "a page of your associations")
  @ApiResponse(
      responseCode = "400",
      description =
          "a parameter breaks its rule (customerTenantId, subscriptionId, workload, status, size,"
              + " cursor)",
      content =
          @Content(
              mediaType = PROBLEM,
              examples =
                  @ExampleObject(
                      name = "tenant",
                      value =
                          "{\"type\": \"about:blank\", \"title\": \"Invalid claim input\", \"status\": 400, \"detail\": \"customerTenantId: must be a GUID\", \"instance\": \"/api/associations\", \"errors\": [{\"field\": \"customerTenantId\", \"rule\": \"must be a GUID\"}]}")))
  @GetMapping("/associations")
  public ClaimViews.Page<AssociationView> associations(
      @Parameter(description = "only this customer tenant (a GUID)") @RequestParam(required = false)
          String customerTenantId,
      @Parameter(description = "only this workload or product, e.g. Teams")
          @RequestParam(required = false)
          String workload,
      @Parameter(description = "only this subscription (a GUID)") @RequestParam(required = false)
          String subscriptionId,
      @Parameter(description = "OFFICIAL (default), SUPERSEDED or ENDED")
          @RequestParam(required = false)
          String status,
      @Parameter(description = "associations per page, 1 to " + MAX_PAGE_SIZE)
          @RequestParam(defaultValue = "20")
          String size,
      @Parameter(description = "the nextCursor of the previous page")
          @RequestParam(required = false)
          String cursor) {
    PartnerClaims.AssociationQuery query =
        associationQuery(customerTenantId, workload, subscriptionId, status);
    int pageSize = intParameter("size", size, 1, MAX_PAGE_SIZE);
    ClaimViews.Page<Association> page = partnerClaims.associations(query, pageSize, cursor);
    return new ClaimViews.Page<>(
        page.content().stream().map(AssociationView::of).toList(),
        null,
        page.size(),
        null,
        null,
        page.nextCursor());
  }

  @Operation(
      operationId = "exportAssociations",
      summary = "All your associations as CSV (same filters as the list), newest first, streamed",
      description =
          "Columns: customerTenantId, workload, subscriptionId, claimId, status, officialSince, "
              + "endedAt, id (for POST /api/associations/{id}/end), endedBy (CUSTOMER, PARTNER, "
              + "SUBSCRIPTION_EXPIRED), endReason. RFC 4180, UTF-8, a header line.")
  @ApiResponse(
      responseCode = "200",
      description = "the associations, one a line",
      content = @Content(mediaType = CSV, schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "400",
      description = "a filter breaks its rule (customerTenantId, subscriptionId, workload, status)")
  @GetMapping("/associations.csv")
  public ResponseEntity<StreamingResponseBody> associationsCsv(
      @Parameter(description = "only this customer tenant (a GUID)") @RequestParam(required = false)
          String customerTenantId,
      @Parameter(description = "only this workload or product, e.g. Teams")
          @RequestParam(required = false)
          String workload,
      @Parameter(description = "only this subscription (a GUID)") @RequestParam(required = false)
          String subscriptionId,
      @Parameter(description = "OFFICIAL (default), SUPERSEDED or ENDED")
          @RequestParam(required = false)
          String status) {
    PartnerClaims.AssociationQuery query =
        associationQuery(customerTenantId, workload, subscriptionId, status);
    String partnerId = partnerClaims.currentPartnerId();
    return csv(
        "associations.csv", out -> partnerClaims.writeAssociationsCsv(partnerId, query, out));
  }

  /**
   * An association as its partner sees it; {@code id} is the one {@code POST
   * /api/associations/{id}/end} takes.
   */
  public record AssociationView(
      long id,
      String customerTenantId,
      String workload,
      String subscriptionId,
      String claimId,
      AssociationStatus status,
      Instant since,
      Instant endedAt,
      EndedBy endedBy,
      String endReason,
      LocalDate subscriptionEndDate) {
    static AssociationView of(Association association) {
      return new AssociationView(
          association.id(),
          association.customerTenantId(),
          association.workload(),
          association.subscriptionId(),
          association.claimId(),
          association.status(),
          association.officialSince(),
          association.endedAt(),
          association.endedBy(),
          association.endReason(),
          association.subscriptionEndDate());
    }
  }

  private static PartnerClaims.AssociationQuery associationQuery(
      String customerTenantId, String workload, String subscriptionId, String status) {
    List<ClaimProblems.FieldError> errors = new ArrayList<>();
    if (customerTenantId != null && !ClaimRules.isGuid(customerTenantId.trim())) {
      errors.add(new ClaimProblems.FieldError("customerTenantId", "must be a GUID"));
    }
    if (subscriptionId != null && !ClaimRules.isGuid(subscriptionId.trim())) {
      errors.add(new ClaimProblems.FieldError("subscriptionId", "must be a GUID"));
    }
    if (workload != null && (workload.isBlank() || workload.length() > 100)) {
      errors.add(new ClaimProblems.FieldError("workload", "must be 1 to 100 characters"));
    }
    AssociationStatus wanted = AssociationStatus.OFFICIAL;
    if (status != null) {
      wanted =
          Arrays.stream(AssociationStatus.values())
              .filter(s -> s.name().equals(status))
              .findFirst()
              .orElse(null);
      if (wanted == null) {
        errors.add(
            new ClaimProblems.FieldError(
                "status", "must be one of " + Arrays.toString(AssociationStatus.values())));
      }
    }
    if (!errors.isEmpty()) {
      throw new ClaimProblems.InvalidInput(errors);
    }
    return new PartnerClaims.AssociationQuery(
        wanted,
        TenantIds.key(customerTenantId),
        workload == null ? null : workload.trim(),
        ClaimContent.subscriptionKey(subscriptionId));
  }

  private static ClaimStatus claimStatus(String status) {
    if (status == null) {
      return null;
    }
    return Arrays.stream(ClaimStatus.values())
        .filter(s -> s.name().equals(status))
        .findFirst()
        .orElseThrow(
            () ->
                ClaimProblems.InvalidInput.of(
                    "status", "must be one of " + Arrays.toString(ClaimStatus.values())));
  }

  /** Writer of a streamed CSV answer: runs after the handler has returned, on another thread. */
  private interface CsvBody {
    void write(Writer out);
  }

  // The answer is written as the rows come (a CSV of 100,000 rows never sits in memory). No
  // "produces" on the mappings: a 400 before the stream starts stays application/problem+json.
  private static ResponseEntity<StreamingResponseBody> csv(String fileName, CsvBody body) {
    StreamingResponseBody stream =
        out -> {
          Writer writer =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
          body.write(writer);
          writer.flush();
        };
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(CSV + ";charset=UTF-8"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(fileName).build().toString())
        .body(stream);
  }

  static final String CSV = "text/csv";
  static final String PROBLEM = "application/problem+json";

  /**
   * A request with the same Idempotency-Key running at the same moment waits on the key's row and
   * then fails on it; run again, the submission finds the first claim and answers with it.
   */
  private static PartnerClaims.Submitted submitOnce(Supplier<PartnerClaims.Submitted> submit) {
    try {
      return submit.get();
    } catch (DuplicateKeyException sameKeyMeanwhile) {
      return submit.get();
    }
  }

  private static ResponseEntity<ClaimViews.Detail> created(PartnerClaims.Submitted submitted) {
    ResponseEntity.BodyBuilder response =
        ResponseEntity.created(URI.create("/api/claims/" + submitted.claim().id()));
    if (submitted.replayed()) {
      response.header("Idempotent-Replayed", "true");
    }
    return response.body(submitted.claim());
  }

  /**
   * The claim with the customer's and the partner's language where it names none: the request's
   * Accept-Language if that names a supported language, else English.
   */
  private static ClaimContent withLanguages(ClaimContent claim, String acceptLanguage) {
    return claim == null
        ? null
        : claim.withLanguageDefaults(
            Languages.fromAcceptLanguage(acceptLanguage).orElse(Languages.DEFAULT));
  }

  private static PartnerClaims.Upload upload(MultipartFile file) throws IOException {
    return file == null
        ? null
        : new PartnerClaims.Upload(file.getOriginalFilename(), file.getBytes());
  }

  private static boolean booleanParameter(String name, String value) {
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean(value);
    }
    throw ClaimProblems.InvalidInput.of(name, "must be true or false");
  }

  private static int intParameter(String name, String value, int min, int max) {
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw ClaimProblems.InvalidInput.of(name, "must be a whole number from " + min + " to " + max);
  }
}
