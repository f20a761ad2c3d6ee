package org.cpor.claims.claim;

import java.util.List;

/**
 * What the partner API refuses, each answered as RFC 7807 problem details by {@code
 * web.ApiProblems}.
 */
public final class ClaimProblems {

  private ClaimProblems() {}

  /** A field and the rule it breaks. */
  public record FieldError(String field, String rule) {

    /** From a violation text "field: rule". */
    public static FieldError of(String violation) {
      int colon = violation.indexOf(": ");
      return colon < 0
          ? new FieldError(null, violation)
          : new FieldError(violation.substring(0, colon), violation.substring(colon + 2));
    }
  }

  /** 400: the input breaks rules; all of them are listed. */
  public static class InvalidInput extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidInput(List<FieldError> errors) {
      super(errors.size() + " field(s) break a rule");
      this.errors = List.copyOf(errors);
    }

    public static InvalidInput of(String field, String rule) {
      return new InvalidInput(List.of(new FieldError(field, rule)));
    }

    public List<FieldError> errors() {
      return errors;
    }
  }

  /** 404: no such claim, or another partner's (which is not told apart on purpose). */
  public static class NotFound extends RuntimeException {
    public NotFound(String what) {
      super(what + " not found");
    }
  }

  /** 409: the request conflicts with the claim's state or with an existing claim. */
  public static class Conflict extends RuntimeException {
    private final String existingClaimId;

    public Conflict(String detail, String existingClaimId) {
      super(detail);
      this.existingClaimId = existingClaimId;
    }

    public String existingClaimId() {
      return existingClaimId;
    }
  }

  /** 410: the time for this request has passed (e.g. the 30 days to dispute a rejection). */
  public static class Gone extends RuntimeException {
    public Gone(String detail) {
      super(detail);
    }
  }

  /** 422: well formed, but the customer's domain does not belong to the tenant. */
  public static class TenantMismatch extends RuntimeException {
    public TenantMismatch(String detail) {
      super(detail);
    }
  }

  /** 403: the partner's organisation is not in the partner directory. */
  public static class UnknownPartner extends RuntimeException {
    public UnknownPartner(String partnerId) {
      super(
          "partnerId: "
              + partnerId
              + " is not in the partner directory; a partner submits claims once Microsoft has"
              + " registered its organisation");
    }
  }

  /** 403: the caller has no partner role for this API. */
  public static class NotAPartner extends RuntimeException {
    public NotAPartner() {
      super("Only partner users (groups 'partners' and one 'partner-<MPN ID>') use this API");
    }
  }
}
