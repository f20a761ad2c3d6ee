package org.cpor.claims.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.List;
import java.util.stream.Collectors;
import org.cpor.claims.claim.ClaimProblems;
import org.cpor.claims.claim.ClaimProblems.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the partner API as RFC 7807 problem details ({@code application/problem+json}),
 * naming the field and the rule where there is one. A 500 is a bug and is logged as one.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

  @ExceptionHandler(ClaimProblems.InvalidInput.class)
  ProblemDetail invalid(ClaimProblems.InvalidInput invalid) {
    return withErrors(HttpStatus.BAD_REQUEST, "Invalid claim input", invalid.errors());
  }

  @ExceptionHandler(ClaimProblems.NotFound.class)
  ProblemDetail notFound(ClaimProblems.NotFound notFound) {
    return problem(HttpStatus.NOT_FOUND, "Not found", notFound.getMessage());
  }

  @ExceptionHandler(ClaimProblems.Conflict.class)
  ProblemDetail conflict(ClaimProblems.Conflict conflict) {
    ProblemDetail problem = problem(HttpStatus.CONFLICT, "Conflict", conflict.getMessage());
    problem.setProperty("claimId", conflict.existingClaimId());
    return problem;
  }

  @ExceptionHandler(ClaimProblems.Gone.class)
  ProblemDetail gone(ClaimProblems.Gone gone) {
    return problem(HttpStatus.GONE, "Gone", gone.getMessage());
  }

  @ExceptionHandler(ClaimProblems.TenantMismatch.class)
  ProblemDetail tenantMismatch(ClaimProblems.TenantMismatch mismatch) {
    return withErrors(
        HttpStatus.UNPROCESSABLE_ENTITY,
        "Domain does not match tenant",
        List.of(FieldError.of(mismatch.getMessage())));
  }

  @ExceptionHandler(ClaimProblems.UnknownPartner.class)
  ProblemDetail unknownPartner(ClaimProblems.UnknownPartner unknown) {
    return withErrors(
        HttpStatus.FORBIDDEN, "Unknown partner", List.of(FieldError.of(unknown.getMessage())));
  }

  @ExceptionHandler(ClaimProblems.NotAPartner.class)
  ProblemDetail notAPartner(ClaimProblems.NotAPartner notAPartner) {
    return problem(HttpStatus.FORBIDDEN, "Forbidden", notAPartner.getMessage());
  }

  @ExceptionHandler(MultipartException.class)
  ProblemDetail brokenMultipart(MultipartException broken) {
    return withErrors(
        HttpStatus.BAD_REQUEST,
        "Invalid claim input",
        List.of(
            new FieldError(
                null,
                "the multipart body cannot be read: "
                    + broken.getMostSpecificCause().getMessage())));
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail bug(Exception exception) {
    log.error("Unexpected error in the partner API", exception);
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "Internal error",
        "An unexpected error occurred; nothing was changed.");
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Throwable cause = exception.getCause();
    FieldError error;
    if (cause instanceof InvalidFormatException format && !format.getPath().isEmpty()) {
      error =
          new FieldError(
              path(format),
              "must be " + expected(format.getTargetType()) + ", not " + format.getValue());
    } else if (cause instanceof MismatchedInputException mismatch
        && !mismatch.getPath().isEmpty()) {
      error = new FieldError(path(mismatch), "must be " + expected(mismatch.getTargetType()));
    } else if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      error = new FieldError(path(mapping), mapping.getOriginalMessage());
    } else if (cause instanceof JsonProcessingException parsing) {
      error = new FieldError(null, "the body is not valid JSON: " + parsing.getOriginalMessage());
    } else {
      error = new FieldError(null, "the body is missing or not valid JSON");
    }
    return ResponseEntity.badRequest()
        .body(withErrors(HttpStatus.BAD_REQUEST, "Invalid claim input", List.of(error)));
  }

  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      MaxUploadSizeExceededException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
        .body(
            withErrors(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "Document too large",
                List.of(new FieldError("proofOfExecution", "must be at most 10 MiB"))));
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestPart(
      MissingServletRequestPartException exception,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.badRequest()
        .body(
            withErrors(
                HttpStatus.BAD_REQUEST,
                "Invalid claim input",
                List.of(
                    new FieldError(
                        exception.getRequestPartName(),
                        "is a required part of the multipart request"))));
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list of strings";
    }
    return "a " + type.getSimpleName();
  }

  private static String path(JsonMappingException exception) {
    return exception.getPath().stream()
        .map(
            reference ->
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static ProblemDetail withErrors(
      HttpStatus status, String title, List<FieldError> errors) {
    ProblemDetail problem =
        problem(
            status,
            title,
            errors.stream()
                .map(
                    error ->
                        error.field() == null ? error.rule() : error.field() + ": " + error.rule())
                .collect(Collectors.joining("; ")));
    problem.setProperty("errors", errors);
    return problem;
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    return problem;
  }
}
