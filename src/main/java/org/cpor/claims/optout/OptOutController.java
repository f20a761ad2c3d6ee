package org.cpor.claims.optout;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
    UNKNOWN
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
      case UNKNOWN -> page(HttpStatus.NOT_FOUND, Page.UNKNOWN, locale, request);
      case CLOSED -> page(HttpStatus.GONE, Page.CLOSED, locale, request);
      case DECLINED -> page(HttpStatus.OK, Page.ALREADY_DECLINED, locale, request);
      case OPEN -> page(HttpStatus.OK, Page.OPEN, locale, request);
    };
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
      return page(HttpStatus.GONE, Page.TOO_LATE, locale, before);
    }
    return switch (request.state()) {
      case UNKNOWN -> page(HttpStatus.NOT_FOUND, Page.UNKNOWN, locale, request);
      case CLOSED -> page(HttpStatus.GONE, Page.CLOSED, locale, request);
      case OPEN -> throw new IllegalStateException("An open request must have been declined");
      case DECLINED ->
          page(
              HttpStatus.OK,
              before.state() == OptOutService.State.DECLINED
                  ? Page.ALREADY_DECLINED
                  : Page.DECLINED,
              locale,
              request,
              true);
    };
  }

  private static Locale locale(Claim claim, String picked, String accept) {
    return PageLanguage.choose(
        picked, claim == null ? null : claim.content().customerLanguage(), accept);
  }

  private ResponseEntity<String> page(
      HttpStatus status, Page page, Locale locale, OptOutService.Request request) {
    return page(status, page, locale, request, false);
  }

  /**
   * @param posted whether the reader just pressed "decline" (else: opened the link)
   */
  private ResponseEntity<String> page(
      HttpStatus status, Page page, Locale locale, OptOutService.Request request, boolean posted) {
    Map<String, Object> model = new HashMap<>();
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
