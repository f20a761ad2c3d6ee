package org.cpor.claims.claim;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cpor.claims.operations.OptimisticRetry;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The partner disassociates a customer: ends one of its official associations, with a reason. */
@RestController
@RequestMapping("/api")
@Tag(name = "Claims", description = ClaimsController.TAG_DESCRIPTION)
class AssociationEndController {

  private final AssociationEndings endings;

  AssociationEndController(AssociationEndings endings) {
    this.endings = endings;
  }

  /** Why the partner ends the association. */
  public record Ending(
      @Schema(
              description =
                  "why the association ends (required, at most 2000 characters); validators and"
                      + " analysts see it in the claim's history",
              example = "The customer moved this workload to another partner")
          String reason) {}

  @Operation(
      summary = "End one of your official associations (disassociate the customer)",
      description =
          "The association (its id from GET /api/associations) becomes ENDED with the time, 'PARTNER'"
              + " and the reason; the claim's history records it and you are mailed. Final: to hold"
              + " it again, submit a new claim. Another partner's claim on it is no longer a"
              + " competing claim.")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the ended association"),
    @ApiResponse(
        responseCode = "400",
        description = "reason missing or too long",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "404",
        description = "no such association, or another partner's",
        content = @Content(mediaType = "application/problem+json")),
    @ApiResponse(
        responseCode = "409",
        description = "the association is not official (ended or superseded already)",
        content = @Content(mediaType = "application/problem+json"))
  })
  @PostMapping("/associations/{id}/end")
  public ClaimsController.AssociationView end(
      @PathVariable String id, @RequestBody(required = false) Ending ending) {
    return ClaimsController.AssociationView.of(
        OptimisticRetry.call(
            () -> endings.endByPartner(id, ending == null ? null : ending.reason())));
  }
}
