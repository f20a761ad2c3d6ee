package org.cpor.claims.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.cpor.claims.process.ClaimAccessDenied;
import org.cpor.claims.process.ClaimInputRejected;

/**
 * Engine REST wraps whatever a delegate or listener throws into a 500. When the cause is input the
 * claim process refused, the caller gets a {@code 400} problem detail naming the field and the rule
 * instead; everything else keeps Camunda's own error format.
 */
final class EngineRestProblems {

  static final String PROBLEM_JSON = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private EngineRestProblems() {}

  static Response claimInputProblem(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof ClaimInputRejected rejected) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        int status = rejected instanceof ClaimAccessDenied ? 403 : 400;
        problem.put("title", status == 403 ? "Not allowed" : "Invalid claim input");
        problem.put("status", status);
        problem.put("detail", rejected.getMessage());
        problem.put("field", rejected.field());
        problem.put("rule", rejected.rule());
        return Response.status(status)
            .header("Content-Type", PROBLEM_JSON)
            .entity(toJson(problem))
            .build();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static String toJson(Map<String, Object> problem) {
    try {
      return JSON.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Priority(1)
  static class RestExceptions implements ExceptionMapper<RestException> {
    private final RestExceptionHandler camunda = new RestExceptionHandler();

    @Override
    public Response toResponse(RestException exception) {
      Response problem = claimInputProblem(exception);
      return problem != null ? problem : camunda.toResponse(exception);
    }
  }

  @Priority(1)
  static class ProcessEngineExceptions implements ExceptionMapper<ProcessEngineException> {
    private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

    @Override
    public Response toResponse(ProcessEngineException exception) {
      Response problem = claimInputProblem(exception);
      return problem != null ? problem : camunda.toResponse(exception);
    }
  }
}
