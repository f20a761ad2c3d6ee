package org.cpor.claims.webhook;

import java.util.List;
import org.cpor.claims.claim.ClaimProblems.FieldError;
import org.springframework.http.HttpStatus;

/** A refused webhook registration: 400 (malformed) or 422 (a URL the application does not call). */
class WebhookProblem extends RuntimeException {

  private final HttpStatus status;
  private final List<FieldError> errors;

  WebhookProblem(HttpStatus status, List<FieldError> errors) {
    super(errors.size() + " field(s) break a rule");
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  HttpStatus status() {
    return status;
  }

  List<FieldError> errors() {
    return errors;
  }
}
