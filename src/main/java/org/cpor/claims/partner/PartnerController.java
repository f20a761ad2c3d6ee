package org.cpor.claims.partner;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.cpor.claims.calendar.EngineClock;
import org.cpor.claims.security.CurrentUser;
import org.cpor.claims.security.Roles;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The partner directory over REST: a partner reads its own organisation; admins maintain the
 * directory.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Partner organisations", description = "Who a partner ID belongs to")
class PartnerController {

  private static final Pattern PARTNER_ID = Pattern.compile("^[0-9]{4,10}$");
  private static final Pattern COUNTRY = Pattern.compile("^[A-Z]{2}$");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$");

  private final TablePartnerDirectory directory;
  private final CurrentUser currentUser;

  PartnerController(TablePartnerDirectory directory, CurrentUser currentUser) {
    this.directory = directory;
    this.currentUser = currentUser;
  }

  @Operation(
      operationId = "getOwnOrganisation",
      summary = "Your own organisation, as customers and validators see it",
      description =
          "The partner directory's entry of the logged-in partner: name, country, website and the"
              + " verified domains that customers see in the mails about its claims.")
  @ApiResponse(responseCode = "200", description = "the organisation")
  @ApiResponse(
      responseCode = "404",
      description = "the partner's organisation is not in the partner directory (yet)",
      content =
          @Content(
              mediaType = "application/problem+json",
              examples =
                  @ExampleObject(
                      name = "unregistered",
                      value =
                          "{\"type\": \"about:blank\", \"title\": \"Not Found\", \"status\": 404, \"detail\": \"Partner 4711 is not in the partner directory; ask Microsoft to register your organisation\", \"instance\": \"/api/partner\"}")))
  @GetMapping("/partner")
  public PartnerOrganisation ownOrganisation() {
    String partnerId =
        currentUser
            .partnerId()
            .orElseThrow(
                () ->
                    problem(
                        HttpStatus.FORBIDDEN,
                        "Only partner users (groups 'partners' and one 'partner-<MPN ID>') have an organisation"));
    return directory
        .find(partnerId)
        .orElseThrow(
            () ->
                problem(
                    HttpStatus.NOT_FOUND,
                    "Partner "
                        + partnerId
                        + " is not in the partner directory; ask Microsoft to register your organisation"));
  }

  @Operation(summary = "Admins: every organisation in the partner directory")
  @GetMapping("/admin/partners")
  public List<PartnerOrganisation> all() {
    requireAdmin();
    return directory.all();
  }

  @Operation(summary = "Admins: one organisation of the partner directory")
  @GetMapping("/admin/partners/{partnerId}")
  public PartnerOrganisation one(@PathVariable String partnerId) {
    requireAdmin();
    return directory
        .find(partnerId)
        .orElseThrow(
            () ->
                problem(HttpStatus.NOT_FOUND, "Partner " + partnerId + " is not in the directory"));
  }

  /** What an admin sends for an organisation. */
  public record Organisation(
      String name, String country, String website, List<String> verifiedDomains) {}

  @Operation(
      summary =
          "Admins: add or change an organisation (claims keep the name they were submitted with)")
  @PutMapping("/admin/partners/{partnerId}")
  public PartnerOrganisation save(
      @PathVariable String partnerId, @RequestBody Organisation organisation) {
    requireAdmin();
    List<String> errors = new ArrayList<>();
    if (!PARTNER_ID.matcher(partnerId).matches()) {
      errors.add("partnerId: must be the partner's MPN ID (4 to 10 digits)");
    }
    if (organisation == null || blank(organisation.name())) {
      errors.add("name: is required");
    } else if (organisation.name().length() > 200) {
      errors.add("name: must be at most 200 characters");
    }
    if (organisation != null
        && organisation.country() != null
        && !COUNTRY.matcher(organisation.country()).matches()) {
      errors.add("country: must be an ISO 3166 country code of two capital letters");
    }
    if (organisation != null
        && organisation.website() != null
        && (organisation.website().length() > 500
            || !organisation.website().startsWith("https://"))) {
      errors.add("website: must be an https:// address of at most 500 characters");
    }
    List<String> domains =
        organisation == null || organisation.verifiedDomains() == null
            ? List.of()
            : organisation.verifiedDomains();
    for (String domain : domains) {
      if (domain == null || !DOMAIN.matcher(domain.trim()).matches()) {
        errors.add("verifiedDomains: '" + domain + "' is not a domain name such as contoso.com");
      }
    }
    if (!errors.isEmpty()) {
      ProblemDetail detail =
          ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", errors));
      detail.setTitle("Invalid partner organisation");
      detail.setProperty(
          "errors",
          errors.stream()
              .map(
                  error ->
                      Map.of(
                          "field",
                          error.substring(0, error.indexOf(':')),
                          "rule",
                          error.substring(error.indexOf(':') + 2)))
              .toList());
      throw new ErrorResponseException(HttpStatus.BAD_REQUEST, detail, null);
    }
    PartnerOrganisation saved =
        new PartnerOrganisation(
            partnerId,
            organisation.name().trim(),
            organisation.country(),
            organisation.website(),
            domains.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).toList());
    directory.save(saved, EngineClock.now());
    return directory.find(partnerId).orElseThrow();
  }

  private void requireAdmin() {
    if (!currentUser.isIn(Roles.ADMINS)) {
      throw problem(
          HttpStatus.FORBIDDEN,
          "Only admins (group 'camunda-admin') maintain the partner directory");
    }
  }

  private static ErrorResponseException problem(HttpStatus status, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create("about:blank"));
    return new ErrorResponseException(status, problem, null);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
