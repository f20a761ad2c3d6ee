package org.cpor.claims.optout;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.util.List;
import java.util.stream.Collectors;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.calendar.Deadlines;
import org.cpor.claims.claim.AssociationEndings;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.operations.OptimisticRetry;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The customer's opt-out page, reached from the link in the notification mail. No account: the
 * signed token in the link is the customer's permission. A small, accessible HTML page without
 * scripts.
 */
@RestController
@RequestMapping(value = OptOutController.PATH, produces = MediaType.TEXT_HTML_VALUE)
class OptOutController {

  public static final String PATH = "/opt-out";

  private final OptOutService optOuts;
  private final Deadlines deadlines;

  OptOutController(OptOutService optOuts, Deadlines deadlines) {
    this.optOuts = optOuts;
    this.deadlines = deadlines;
  }

  @GetMapping("/{token}")
  public ResponseEntity<String> show(@PathVariable String token) {
    OptOutService.Request request = optOuts.find(token);
    return switch (request.state()) {
      case UNKNOWN -> unknown();
      case CLOSED -> closed(request.claim());
      case DECLINED ->
          page(
              HttpStatus.OK,
              "Association declined",
              "<p>You have already declined this association. "
                  + htmlEscape(request.claim().partnerLabel())
                  + " is not recognised as your "
                  + "partner of record for it. Nothing more is needed.</p>");
      case OPEN ->
          page(
              HttpStatus.OK,
              "Partner association request " + htmlEscape(request.claim().id()),
              details(request.claim(), request)
                  + "<form method=\"post\"><p>If you do not agree, decline before the deadline. No action is needed "
                  + "if you agree.</p><button type=\"submit\">Decline this association</button></form>");
      case OFFICIAL -> official(token, request, "");
      case ENDED -> ended(request);
    };
  }

  /**
   * The customer asks to end the official association: without {@code confirm=yes} the page asks to
   * confirm (no script needed); with it the association ends.
   */
  @PostMapping("/{token}/end")
  public ResponseEntity<String> end(
      @PathVariable String token,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String confirm) {
    OptOutService.Request before = optOuts.find(token);
    if (before.state() != OptOutService.State.OFFICIAL) {
      return show(token);
    }
    String given = reason == null ? "" : reason.strip();
    if (given.length() > AssociationEndings.MAX_REASON) {
      given = given.substring(0, AssociationEndings.MAX_REASON);
    }
    if (!"yes".equals(confirm)) {
      return confirmEnd(token, before, given);
    }
    String finalReason = given;
    OptOutService.Request after = OptimisticRetry.call(() -> optOuts.end(token, finalReason));
    return after.state() == OptOutService.State.ENDED ? endedNow(after) : show(token);
  }

  @PostMapping("/{token}")
  public ResponseEntity<String> decline(@PathVariable String token) {
    OptOutService.Request before = optOuts.find(token);
    OptOutService.Request request = OptimisticRetry.call(() -> optOuts.decline(token));
    return switch (request.state()) {
      case UNKNOWN -> unknown();
      case CLOSED -> closed(request.claim());
      case OPEN -> throw new IllegalStateException("An open request must have been declined");
      case OFFICIAL ->
          official(
              token,
              request,
              "<p role=\"status\">The opt-out period has ended and the association is official. You can end it"
                  + " below.</p>");
      case ENDED -> ended(request);
      case DECLINED ->
          page(
              HttpStatus.OK,
              before.state() == OptOutService.State.DECLINED
                  ? "Association already declined"
                  : "Association declined",
              "<p role=\"status\">"
                  + (before.state() == OptOutService.State.DECLINED
                      ? "You had already declined this association."
                      : "Thank you. You have declined this association.")
                  + " "
                  + htmlEscape(request.claim().partnerLabel())
                  + " is not recognised as your partner of record for "
                  + htmlEscape(request.claim().content().itemList())
                  + ".</p>");
    };
  }

  @ExceptionHandler(OptOutService.OptOutClosed.class)
  ResponseEntity<String> tooLate(OptOutService.OptOutClosed closed) {
    return page(
        HttpStatus.GONE,
        "The opt-out period has ended",
        "<p>The association became official before your answer arrived. Contact Microsoft support if you did "
            + "not agree to it.</p>");
  }

  // Pages of an official association (issue 21). Kept together, one method per page, so that they
  // can move to templates and message bundles as they are.

  /** The association is official: since when, and the offer to end it. */
  private ResponseEntity<String> official(
      String token, OptOutService.Request request, String notice) {
    Claim claim = request.claim();
    return page(
        HttpStatus.OK,
        "Your partner association " + htmlEscape(claim.id()),
        notice
            + "<dl>"
            + "<dt>Partner of record</dt><dd>"
            + who(claim)
            + "</dd>"
            + "<dt>Your organisation</dt><dd>"
            + htmlEscape(claim.content().customerDomain())
            + " (tenant "
            + htmlEscape(claim.content().customerTenantId())
            + ")</dd>"
            + "<dt>Workloads</dt><dd>"
            + htmlEscape(items(request.official()))
            + "</dd>"
            + "<dt>Official since</dt><dd>"
            + htmlEscape(deadlines.format(request.official().get(0).officialSince()))
            + "</dd>"
            + "</dl><p>This partner may see usage and sold-seat data for these workloads only. You can end"
            + " this association at any time.</p>"
            + "<form method=\"post\" action=\""
            + endAction(token)
            + "\"><p><label for=\"reason\">Why do you end it? (optional)</label><br>"
            + "<textarea id=\"reason\" name=\"reason\" rows=\"3\" cols=\"50\" maxlength=\""
            + AssociationEndings.MAX_REASON
            + "\"></textarea></p><button type=\"submit\">End this association</button></form>");
  }

  /** The confirmation step: ending is final. */
  private ResponseEntity<String> confirmEnd(
      String token, OptOutService.Request request, String reason) {
    Claim claim = request.claim();
    return page(
        HttpStatus.OK,
        "End this association?",
        "<p>"
            + htmlEscape(claim.partnerLabel())
            + " will no longer be your partner of record for "
            + htmlEscape(items(request.official()))
            + ", and will be told so. This is final: to be associated again, the partner would have to"
            + " submit a new claim, which you could decline.</p>"
            + "<form method=\"post\" action=\""
            + endAction(token)
            + "\"><input type=\"hidden\" name=\"reason\" value=\""
            + htmlEscape(reason)
            + "\"><input type=\"hidden\" name=\"confirm\" value=\"yes\">"
            + "<button type=\"submit\">Yes, end this association</button></form>"
            + "<p><a href=\""
            + PATH
            + "/"
            + htmlEscape(token)
            + "\">No, keep it</a></p>");
  }

  /** Just ended by this request. */
  private ResponseEntity<String> endedNow(OptOutService.Request request) {
    List<Association> ended = ended(request.associations());
    Association first = ended.get(0);
    return page(
        HttpStatus.OK,
        "Association ended",
        "<p role=\"status\">Thank you. You have ended this association. "
            + htmlEscape(request.claim().partnerLabel())
            + " is no longer your partner of record for "
            + htmlEscape(items(ended))
            + " (ended "
            + htmlEscape(deadlines.format(first.endedAt()))
            + ") and has been told so. Nothing more is needed.</p>");
  }

  /** The link after the association ended: gone. */
  private ResponseEntity<String> ended(OptOutService.Request request) {
    Association last =
        request.associations().stream()
            .filter(a -> a.endedAt() != null)
            .reduce((a, b) -> b.endedAt().isAfter(a.endedAt()) ? b : a)
            .orElseThrow();
    String by =
        last.status() == AssociationStatus.SUPERSEDED
            ? "another partner's claim became official"
            : "ended by " + last.endedBy().label();
    return page(
        HttpStatus.GONE,
        "This association has ended",
        "<p>"
            + htmlEscape(request.claim().partnerLabel())
            + " is no longer your partner of record for "
            + htmlEscape(items(request.associations()))
            + " ("
            + htmlEscape(by)
            + ", "
            + htmlEscape(deadlines.format(last.endedAt()))
            + "). This link has no further use.</p>");
  }

  private static String endAction(String token) {
    return PATH + "/" + htmlEscape(token) + "/end";
  }

  private static List<Association> ended(List<Association> associations) {
    return associations.stream().filter(a -> a.status() == AssociationStatus.ENDED).toList();
  }

  private static String items(List<Association> associations) {
    return associations.stream().map(Association::item).collect(Collectors.joining(", "));
  }

  private String details(Claim claim, OptOutService.Request request) {
    return "<dl>"
        + "<dt>Partner</dt><dd>"
        + who(claim)
        + "</dd>"
        + "<dt>Your organisation</dt><dd>"
        + htmlEscape(claim.content().customerDomain())
        + " (tenant "
        + htmlEscape(claim.content().customerTenantId())
        + ")</dd>"
        + "<dt>Workloads</dt><dd>"
        + htmlEscape(claim.content().itemList())
        + "</dd>"
        + "<dt>You may decline until</dt><dd>"
        + htmlEscape(deadlines.lastMomentToAct(request.optOut().deadline()))
        + "</dd>"
        + "</dl><p>Once official, this partner may see usage and sold-seat data for these workloads only, and no "
        + "other data of yours.</p>";
  }

  private static String who(Claim claim) {
    return htmlEscape(claim.partnerIntroduction());
  }

  private static ResponseEntity<String> unknown() {
    return page(
        HttpStatus.NOT_FOUND,
        "Link not recognised",
        "<p>This opt-out link is not valid. Please use the link exactly as it appears in the email.</p>");
  }

  private ResponseEntity<String> closed(Claim claim) {
    return page(
        HttpStatus.GONE,
        "The opt-out period has ended",
        "<p>This request can no longer be declined: the opt-out period of request "
            + htmlEscape(claim.id())
            + " has ended or the request was closed. Contact Microsoft support if you did not agree to it.</p>");
  }

  private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
    String html =
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s</title>
        <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
        dt{font-weight:bold}dd{margin:0 0 .75rem 0}button{font-size:1rem;padding:.6rem 1.2rem;background:#a4262c;
        color:#fff;border:0;border-radius:4px;cursor:pointer}button:focus{outline:3px solid #000;outline-offset:2px}</style>
        </head><body><main><h1>%s</h1>%s</main></body></html>
        """
            .formatted(title, title, body);
    return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
  }
}
