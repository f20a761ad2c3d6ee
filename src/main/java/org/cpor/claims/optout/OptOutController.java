package org.cpor.claims.optout;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.cpor.claims.association.Association;
import org.cpor.claims.association.AssociationStatus;
import org.cpor.claims.claim.AssociationEndings;
import org.cpor.claims.claim.Claim;
import org.cpor.claims.claim.Languages;
import org.cpor.claims.claim.Wording;
import org.cpor.claims.operations.OptimisticRetry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * The customer's opt-out page, reached from the link in the notification mail. No account: the
 * signed token in the link is the customer's permission. One template ({@code
 * templates/optout/page.html}) for every state, in the customer's language (see {@link
 * PageLanguage}); plain HTML and a form, no scripts.
 */
@RestController
@RequestMapping(value = OptOutController.PATH, produces = MediaType.TEXT_HTML_VALUE)
class OptOutController {

  public static final String PATH = "/opt-out";

  /** The page's states, as the template names them. */
  enum Page {
    OPEN,
    DECLINED,
    ALREADY_DECLINED,
    CLOSED,
    TOO_LATE,
    UNKNOWN,
    /** The association is official: since when, and the offer to end it. */
    OFFICIAL,
    /** The customer asked to end it: ending is final, confirm. */
    CONFIRM_END,
    /** Just ended by this customer. */
    ENDED_NOW,
    /** The link after the association ended (by either side, or superseded): gone. */
    ENDED
  }

  private final OptOutService optOuts;
  private final Wording wording;
  private final SpringTemplateEngine templates;

  OptOutController(OptOutService optOuts, Wording wording, SpringTemplateEngine templates) {
    this.optOuts = optOuts;
    this.wording = wording;
    this.templates = templates;
  }

  @GetMapping("/{token}")
  public ResponseEntity<String> show(
      @PathVariable String token,
      @RequestParam(required = false) String lang,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept) {
    OptOutService.Request request = optOuts.find(token);
    Locale locale = locale(request.claim(), lang, accept);
    return switch (request.state()) {
      case UNKNOWN -> page(token, HttpStatus.NOT_FOUND, Page.UNKNOWN, locale, request);
      case CLOSED -> page(token, HttpStatus.GONE, Page.CLOSED, locale, request);
      case DECLINED -> page(token, HttpStatus.OK, Page.ALREADY_DECLINED, locale, request);
      case OPEN -> page(token, HttpStatus.OK, Page.OPEN, locale, request);
      case OFFICIAL -> page(token, HttpStatus.OK, Page.OFFICIAL, locale, request);
      case ENDED -> page(token, HttpStatus.GONE, Page.ENDED, locale, request);
    };
  }

  /** The page of the link, for a reader who switches language on a page of the ending. */
  @GetMapping("/{token}/end")
  public ResponseEntity<String> showAfterEnding(
      @PathVariable String token,
      @RequestParam(required = false) String lang,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept) {
    return show(token, lang, accept);
  }

  /**
   * The customer ends the official association: without {@code confirm=yes} the page asks to
   * confirm (no script needed); with it the association ends. The reason is optional.
   */
  @PostMapping("/{token}/end")
  public ResponseEntity<String> end(
      @PathVariable String token,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String confirm,
      @RequestParam(required = false) String lang,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept) {
    OptOutService.Request before = optOuts.find(token);
    if (before.state() != OptOutService.State.OFFICIAL) {
      return show(token, lang, accept);
    }
    Locale locale = locale(before.claim(), lang, accept);
    String given = reason == null ? "" : reason.strip();
    if (given.length() > AssociationEndings.MAX_REASON) {
      given = given.substring(0, AssociationEndings.MAX_REASON);
    }
    if (!"yes".equals(confirm)) {
      Map<String, Object> extra = new HashMap<>();
      extra.put("reason", given);
      return page(token, HttpStatus.OK, Page.CONFIRM_END, locale, before, false, extra);
    }
    String finalReason = given;
    OptOutService.Request after = OptimisticRetry.call(() -> optOuts.end(token, finalReason));
    return after.state() == OptOutService.State.ENDED
        ? page(token, HttpStatus.OK, Page.ENDED_NOW, locale, after, true, Map.of())
        : show(token, lang, accept);
  }

  @PostMapping("/{token}")
  public ResponseEntity<String> decline(
      @PathVariable String token,
      @RequestParam(required = false) String lang,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String accept) {
    OptOutService.Request before = optOuts.find(token);
    Locale locale = locale(before.claim(), lang, accept);
    OptOutService.Request request;
    try {
      request = OptimisticRetry.call(() -> optOuts.decline(token));
    } catch (OptOutService.OptOutClosed closed) {
      // The opt-out timer fired first: the association is official, the answer came too late.
      return page(token, HttpStatus.GONE, Page.TOO_LATE, locale, before);
    }
    return switch (request.state()) {
      case UNKNOWN -> page(token, HttpStatus.NOT_FOUND, Page.UNKNOWN, locale, request);
      case CLOSED -> page(token, HttpStatus.GONE, Page.CLOSED, locale, request);
      case OPEN -> throw new IllegalStateException("An open request must have been declined");
      // The opt-out period had ended: the association is official, and may be ended instead.
      case OFFICIAL -> page(token, HttpStatus.OK, Page.OFFICIAL, locale, request, true);
      case ENDED -> page(token, HttpStatus.GONE, Page.ENDED, locale, request);
      case DECLINED ->
          page(
              token,
              HttpStatus.OK,
              before.state() == OptOutService.State.DECLINED
                  ? Page.ALREADY_DECLINED
                  : Page.DECLINED,
              locale,
              request,
              true);
    };
  }

  /** What the pages of an official or ended association show of it. */
  private void associations(
      Map<String, Object> model, OptOutService.Request request, Locale locale) {
    List<Association> official = request.official();
    if (!official.isEmpty()) {
      model.put("officialItems", items(official));
      model.put("officialSince", wording.moment(official.get(0).officialSince(), locale));
      model.put("maxReason", AssociationEndings.MAX_REASON);
    }
    List<Association> ended =
        request.associations().stream().filter(a -> a.endedAt() != null).toList();
    if (!ended.isEmpty()) {
      Association last =
          ended.stream().reduce((a, b) -> b.endedAt().isAfter(a.endedAt()) ? b : a).orElseThrow();
      model.put("endedItems", items(ended));
      model.put("endedAt", wording.moment(last.endedAt(), locale));
      model.put(
          "endedHow",
          last.status() == AssociationStatus.SUPERSEDED || last.endedBy() == null
              ? wording.text("optout.ended.superseded", locale)
              : wording.text("optout.ended.by", locale, wording.endedBy(last.endedBy(), locale)));
    }
  }

  private static String items(List<Association> associations) {
    return associations.stream().map(Association::item).collect(Collectors.joining(", "));
  }

  private static Locale locale(Claim claim, String picked, String accept) {
    return PageLanguage.choose(
        picked, claim == null ? null : claim.content().customerLanguage(), accept);
  }

  private ResponseEntity<String> page(
      String token, HttpStatus status, Page page, Locale locale, OptOutService.Request request) {
    return page(token, status, page, locale, request, false);
  }

  /**
   * @param posted whether the reader just pressed "decline" (else: opened the link)
   */
  private ResponseEntity<String> page(
      String token,
      HttpStatus status,
      Page page,
      Locale locale,
      OptOutService.Request request,
      boolean posted) {
    return page(token, status, page, locale, request, posted, Map.of());
  }

  private ResponseEntity<String> page(
      String token,
      HttpStatus status,
      Page page,
      Locale locale,
      OptOutService.Request request,
      boolean posted,
      Map<String, Object> extra) {
    Map<String, Object> model = new HashMap<>(extra);
    model.put("token", token);
    model.put("page", page.name());
    model.put("lang", locale.toLanguageTag());
    model.put("languages", Languages.SUPPORTED);
    model.put("posted", posted);
    Claim claim = request.claim();
    if (claim != null) {
      model.put("claimId", claim.id());
      model.put("partner", wording.partnerIntroduction(claim, locale));
      model.put("partnerLabel", wording.partnerLabel(claim, locale));
      model.put("customerDomain", claim.content().customerDomain());
      model.put("tenant", claim.content().customerTenantId());
      model.put("items", claim.content().itemList());
    }
    if (request.optOut() != null) {
      model.put("deadline", wording.lastMomentToAct(request.optOut().deadline(), locale));
    }
    associations(model, request, locale);
    String html = templates.process("optout/page", new Context(locale, model));
    return ResponseEntity.status(status)
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_LANGUAGE, locale.toLanguageTag())
        // The page differs by the reader's language and holds the customer's data: never cached.
        .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(html);
  }
}
