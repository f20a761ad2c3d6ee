package org.cpor.claims.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The partner API's contract, served at /v3/api-docs/partner (the UI at /swagger-ui.html).
 *
 * <p>The partner API is everything below /api/ except the staff's /api/admin/ and /api/analytics/,
 * which have their own document (/v3/api-docs/staff; /v3/api-docs has both). Controllers say what
 * they do and which answers of their own they give (400, 404, 409, 410, 422: an
 * {@code @ApiResponse} with a description); {@link #problemAnswers()} adds what every operation
 * answers alike and gives every error its problem-details body: 401 and 429 (the filters before any
 * controller), 403 (only partners use the API), 415 for an operation that takes a body, 413 for one
 * that takes a document. A new controller below /api/ gets all of it by being there.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String PROBLEM = "application/problem+json";
  static final String PROBLEM_SCHEMA = "Problem";
  static final String FIELD_ERROR_SCHEMA = "FieldError";

  @Bean
  OpenAPI partnerApi(@Value("${cpor.api.public-url}") String publicUrl) {
    return new OpenAPI()
        .info(
            new Info()
                .title("CPOR partner API")
                .version("1")
                .description(
                    "Partners submit and follow their Claiming Partner of Record claims and read"
                        + " their official associations. Log in with HTTP Basic as the partner"
                        + " user (or a bearer token where the identity provider issues them);"
                        + " the partner ID always comes from the login, never from the request."
                        + " Every error is RFC 7807 problem details (application/problem+json)"
                        + " naming the field and the rule it breaks.")
                .contact(new Contact().name("CPOR claims").url(publicUrl))
                .license(
                    new License()
                        .name("Apache 2.0")
                        .url("https://www.apache.org/licenses/LICENSE-2.0")))
        .servers(List.of(new Server().url(publicUrl).description("this installation")))
        .components(
            new Components()
                .addSecuritySchemes(
                    "basic",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("basic")
                        .description("the partner user's login of the CPOR identity service"))
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description(
                            "an access token of the identity provider, where it is configured")))
        .security(
            List.of(
                new SecurityRequirement().addList("basic"),
                new SecurityRequirement().addList("bearer")));
  }

  /** The partner API: the contract partners integrate with. */
  @Bean
  GroupedOpenApi partnerGroup() {
    return GroupedOpenApi.builder()
        .group("partner")
        .displayName("Partner API")
        .pathsToMatch("/api/**")
        .pathsToExclude(STAFF_PATHS)
        .build();
  }

  /** Admins' partner directory and the analysts' figures: not for partners. */
  @Bean
  GroupedOpenApi staffGroup() {
    return GroupedOpenApi.builder()
        .group("staff")
        .displayName("Staff: partner directory and analytics")
        .pathsToMatch(STAFF_PATHS)
        .build();
  }

  static final String[] STAFF_PATHS = {"/api/admin/**", "/api/analytics/**"};

  /** Every operation's common answers, and problem details as the body of every error. */
  @Bean
  GlobalOpenApiCustomizer problemAnswers() {
    return openApi -> {
      if (openApi.getPaths() == null) {
        return;
      }
      openApi
          .getComponents()
          .addSchemas(FIELD_ERROR_SCHEMA, fieldErrorSchema())
          .addSchemas(PROBLEM_SCHEMA, problemSchema());
      openApi
          .getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .forEach((method, operation) -> complete(path, operation)));
      // A stable order of the answers, whatever order the controllers' annotations came in.
      openApi.getPaths().values().stream()
          .flatMap(item -> item.readOperations().stream())
          .forEach(operation -> operation.setResponses(sorted(operation.getResponses())));
      removeUnusedSchemas(openApi);
    };
  }

  /**
   * Schemas of types that no answer shows any more (StreamingResponseBody of a CSV export, whose
   * answer is text): a client generator would make classes of them.
   */
  private static void removeUnusedSchemas(OpenAPI openApi) {
    Map<String, Schema> schemas = openApi.getComponents().getSchemas();
    if (schemas == null) {
      return;
    }
    boolean removed = true;
    while (removed) {
      String document;
      try {
        document = Json.mapper().writeValueAsString(openApi);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("The OpenAPI document cannot be written", e);
      }
      removed =
          schemas
              .keySet()
              .removeIf(name -> !document.contains("\"#/components/schemas/" + name + "\""));
    }
  }

  private static void complete(String path, Operation operation) {
    ApiResponses responses = operation.getResponses();
    ApiResponse defaultOk = responses.get("200");
    if (responses.containsKey("201")
        && defaultOk != null
        && "OK".equals(defaultOk.getDescription())) {
      // springdoc's default answer, from a variant of the operation (multipart) that has none
      responses.remove("200");
    }
    responses.putIfAbsent(
        "401",
        new ApiResponse()
            .description("no credentials, or wrong ones")
            .addHeaderObject(
                "WWW-Authenticate",
                header("the scheme to log in with: Basic realm=\"CPOR partner API\"")));
    responses.putIfAbsent(
        "403", new ApiResponse().description("the logged-in user's role may not do this"));
    responses.putIfAbsent(
        "429",
        new ApiResponse()
            .description(
                "too many requests of this partner, or too many failed logins from this address")
            .addHeaderObject("Retry-After", header("seconds to wait before the next request")));
    if (operation.getRequestBody() != null) {
      responses.putIfAbsent(
          "415",
          new ApiResponse()
              .description("the request's Content-Type is not one this operation takes"));
      Content body = operation.getRequestBody().getContent();
      if (body != null
          && body.containsKey(org.springframework.http.MediaType.MULTIPART_FORM_DATA_VALUE)) {
        responses.putIfAbsent(
            "413", new ApiResponse().description("the document is larger than 10 MiB"));
      }
    }
    String examplePath = path.replace("{id}", "CPOR-1000");
    responses.forEach(
        (status, response) -> {
          if (status.startsWith("4") || status.startsWith("5")) {
            // The controller's own examples of this answer, if it gave any; else the status's.
            MediaType own =
                response.getContent() == null ? null : response.getContent().get(PROBLEM);
            MediaType problem =
                own != null && own.getExamples() != null
                    ? new MediaType().examples(own.getExamples())
                    : new MediaType().example(ProblemExamples.of(status, examplePath));
            response.setContent(
                new Content()
                    .addMediaType(
                        PROBLEM,
                        problem.schema(
                            new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
          }
        });
  }

  private static ApiResponses sorted(ApiResponses responses) {
    ApiResponses sorted = new ApiResponses();
    new TreeMap<>(responses).forEach(sorted::addApiResponse);
    sorted.setExtensions(responses.getExtensions());
    return sorted;
  }

  private static Header header(String description) {
    return new Header().description(description).schema(new StringSchema());
  }

  private static Schema<?> fieldErrorSchema() {
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put(
        "field",
        new StringSchema()
            .description(
                "the field, parameter or part that breaks the rule (a path such as workloads[1]);"
                    + " absent when the rule is about the request as a whole")
            .example("customerTenantId"));
    properties.put(
        "rule", new StringSchema().description("the rule it breaks").example("must be a GUID"));
    return new ObjectSchema()
        .description("One field of the request and the rule it breaks")
        .required(List.of("rule"))
        .properties(properties);
  }

  private static Schema<?> problemSchema() {
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put(
        "type",
        new StringSchema()
            .format("uri")
            .description("about:blank: the status and title say what happened")
            .example("about:blank"));
    properties.put(
        "title",
        new StringSchema().description("what happened, in short").example("Invalid claim input"));
    properties.put(
        "status", new IntegerSchema().format("int32").description("the HTTP status").example(400));
    properties.put(
        "detail",
        new StringSchema()
            .description("what happened to this request; every field and rule, separated by ;")
            .example("customerTenantId: must be a GUID"));
    properties.put(
        "instance",
        new StringSchema()
            .format("uri-reference")
            .description("the path that was requested (absent on 401 and 429)")
            .example("/api/claims"));
    properties.put(
        "errors",
        new ArraySchema()
            .items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR_SCHEMA))
            .description(
                "400, 413, 422 and the 403 of an organisation missing from the partner directory:"
                    + " every field that breaks a rule, and the rule (absent when the request could"
                    + " not be read field by field)"));
    properties.put(
        "claimId",
        new StringSchema()
            .description(
                "409: the claim concerned (on a submission, the existing claim it duplicates or"
                    + " competes with)")
            .example("CPOR-1000"));
    return new ObjectSchema()
        .description("RFC 7807 problem details")
        .required(List.of("type", "title", "status"))
        .properties(properties);
  }

  /** One problem per status, as the API answers it. */
  static final class ProblemExamples {

    private ProblemExamples() {}

    static Map<String, Object> of(String status, String path) {
      return switch (status) {
        case "400" ->
            problem(
                400,
                "Invalid claim input",
                "customerTenantId: must be a GUID",
                path,
                List.of(error("customerTenantId", "must be a GUID")));
        case "401" ->
            problem(
                401,
                "Unauthorized",
                "Log in with HTTP Basic as a user of the CPOR identity service.",
                null,
                null);
        case "403" ->
            problem(
                403,
                "Forbidden",
                "Only partner users (groups 'partners' and one 'partner-<MPN ID>') use this API",
                path,
                null);
        case "404" -> problem(404, "Not found", "Claim CPOR-1000 not found", path, null);
        case "409" -> {
          Map<String, Object> conflict =
              problem(
                  409,
                  "Conflict",
                  "No request for more information is pending on CPOR-1000 (status UNDER_REVIEW)",
                  path,
                  null);
          conflict.put("claimId", "CPOR-1000");
          yield conflict;
        }
        case "410" ->
            problem(
                410,
                "Gone",
                "The 30 days to dispute the rejection of CPOR-1000 ended; submit a new claim"
                    + " instead",
                path,
                null);
        case "413" ->
            problem(
                413,
                "Document too large",
                "proofOfExecution: must be at most 10 MiB",
                path,
                List.of(error("proofOfExecution", "must be at most 10 MiB")));
        case "415" ->
            problem(
                415,
                "Unsupported Media Type",
                "Content-Type 'text/plain;charset=UTF-8' is not supported.",
                path,
                null);
        case "422" ->
            problem(
                422,
                "Domain does not match tenant",
                "customerDomain: must match the customer tenant; tenant "
                    + "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7 belongs to contoso.com",
                path,
                List.of(
                    error(
                        "customerDomain",
                        "must match the customer tenant; tenant "
                            + "6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7 belongs to contoso.com")));
        case "429" ->
            problem(
                429,
                "Too Many Requests",
                "Partner 4711 sent more requests than its limit allows; try again after"
                    + " Retry-After.",
                null,
                null);
        default ->
            problem(
                Integer.parseInt(status),
                "Error",
                "The request could not be answered.",
                null,
                null);
      };
    }

    private static Map<String, Object> problem(
        int status, String title, String detail, String instance, List<Object> errors) {
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", title);
      problem.put("status", status);
      problem.put("detail", detail);
      if (instance != null) {
        problem.put("instance", instance);
      }
      if (errors != null) {
        problem.put("errors", errors);
      }
      return problem;
    }

    private static Object error(String field, String rule) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("field", field);
      error.put("rule", rule);
      return error;
    }
  }
}
