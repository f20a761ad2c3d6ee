package org.cpor.claims.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.cpor.claims.process.ClaimProcess;
import org.cpor.claims.process.ValidatorTaskFilter;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.ClaimFixtures.Tenant;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every GET endpoint of Camunda's engine REST API (as its own OpenAPI document lists them) and of
 * the partner API, called as a partner whose claim competes with another partner's: nothing of the
 * other partner comes back, neither its claims nor the review task's findings that name it.
 * Analysts change nothing through any mutating endpoint; validators neither deploy, grant nor see
 * another group's task.
 *
 * <p>No mail is sent: jobs stay where the process left them (the job executor is off in tests).
 */
@CporSpringTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineRestAccessMatrixTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired ManagementService managementService;
  @Autowired RepositoryService repositoryService;
  @Autowired HistoryService historyService;
  @Autowired AuthorizationService authorizationService;
  @Autowired FilterService filterService;
  @Autowired JdbcClient jdbc;

  private JsonNode openApi;

  /** The partner who asks (its claim was submitted second, so its findings name the competitor). */
  private Side partner;

  /** The partner who claimed the same workload first. */
  private Side competitor;

  /** What validators must not see: a task of another candidate group. */
  private Side otherGroupsTask;

  private String reviewFilterId;

  /** One side's ids of every kind, and the texts that give it away. */
  record Side(
      String label, String partnerId, String userId, Map<String, String> ids, Set<String> markers) {
    String id(String kind) {
      String id = ids.get(kind);
      if (id == null) {
        throw new AssertionError("The scenario has no " + kind + " id for " + label);
      }
      return id;
    }
  }

  @BeforeAll
  void setUpCompetingClaims() throws IOException {
    try (InputStream document = getClass().getResourceAsStream("/openapi.json")) {
      assertThat(document)
          .as("openapi.json of camunda-engine-rest-openapi on the test class path")
          .isNotNull();
      openApi = JSON.readTree(document);
    }
    Tenant contested = ClaimFixtures.registerTenant(jdbc);
    String competitorId = ClaimFixtures.newPartnerId();
    String partnerId = ClaimFixtures.newPartnerId();
    Http competitorUser = TestUsers.partnerApi(identityService, port, competitorId);
    Http partnerUser = TestUsers.partnerApi(identityService, port, partnerId);

    // The competitor claims Teams of the tenant first; the partner claims it second and is flagged.
    JsonNode competing = start(competitorUser, ClaimFixtures.claim(competitorId, contested));
    JsonNode flagged = start(partnerUser, ClaimFixtures.claim(partnerId, contested));
    // A second claim each, approved, so that each has a job waiting (the customer's notification).
    JsonNode competitorApproved =
        start(
            competitorUser, ClaimFixtures.claim(competitorId, ClaimFixtures.registerTenant(jdbc)));
    JsonNode partnerApproved =
        start(partnerUser, ClaimFixtures.claim(partnerId, ClaimFixtures.registerTenant(jdbc)));
    approve(competitorApproved.get("id").asText());
    approve(partnerApproved.get("id").asText());

    competitor = side("competitor", competitorId, competing, competitorApproved);
    partner = side("partner", partnerId, flagged, partnerApproved);

    String findings =
        (String)
            taskService.getVariableLocal(partner.id("task"), ClaimProcess.Variables.CHECK_FINDINGS);
    // Without this the test could not fail: the partner's own review task names the competitor.
    assertThat(findings)
        .contains(
            "Competing claim: " + ClaimFixtures.organisationName(competitorId),
            "(Microsoft partner " + competitorId + ")",
            competing.get("businessKey").asText());

    otherGroupsTask = auditorsTask();
    reviewFilterId =
        filterService
            .createFilterQuery()
            .filterName(ValidatorTaskFilter.NAME)
            .singleResult()
            .getId();
  }

  // ----------------------------------------------------------------------------------------------
  // partners

  @Test
  void partnerLearnsNothingOfItsCompetitorOverAnyGetOfEngineRest() {
    Http asPartner = Http.to(port).as(partner.userId(), TestUsers.PASSWORD);

    Tally tally = callEveryGet(asPartner, partner, competitor, competitor.markers());

    System.out.println(tally.line("partner"));
    assertThat(tally.leaks).as("answers that name the competitor or the findings").isEmpty();
    // What partners may still do, and nothing more (README, "Engine REST by role").
    // (/engine lists the engines' names to anybody, before any login.)
    assertThat(tally.pathsAnswered)
        .containsExactlyInAnyOrder(
            "/engine",
            "/process-definition",
            "/process-definition/count",
            "/process-definition/key/{key}",
            "/process-definition/key/{key}/xml",
            "/process-definition/{id}",
            "/process-definition/{id}/xml",
            "/process-instance",
            "/process-instance/count",
            "/process-instance/{id}");
    assertThat(
            asPartner
                .get("/engine-rest/process-instance?maxResults=500")
                .json()
                .findValuesAsText("id"))
        .containsExactlyInAnyOrder(partner.id("processInstance"), partner.id("approvedInstance"));
    // Paths the router might read otherwise than the gate are refused outright.
    String own = "/engine-rest/process-instance/" + partner.id("processInstance");
    for (String sneaky :
        List.of(
            own + ";x=1",
            own + "/%2e%2e/%2e%2e/variable-instance",
            "/engine-rest/engine/default"
                + "/variable-instance?processInstanceIdIn="
                + partner.id("processInstance"))) {
      Http.Answer answer = asPartner.get(sneaky);
      assertThat(answer.status()).as(sneaky).isBetween(400, 499);
      assertThat(answer.body()).as(sneaky).doesNotContain("Competing claim");
    }
  }

  @Test
  void partnerLearnsNothingOfItsCompetitorOverThePartnerApi() {
    Http asPartner = Http.to(port).as(partner.userId(), TestUsers.PASSWORD);
    JsonNode partnerApi = Http.to(port).get("/v3/api-docs").json();
    Tally tally = new Tally();

    for (Iterator<Map.Entry<String, JsonNode>> paths = partnerApi.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      JsonNode get = path.getValue().get("get");
      if (get == null) {
        continue;
      }
      tally.paths++;
      for (Side side : List.of(partner, competitor)) {
        String url =
            fill(
                path.getKey(),
                get,
                side,
                side != partner,
                true,
                (prefix, name) ->
                    switch (name) {
                      case "id" -> side.id("claim");
                      case "partnerId" -> side.partnerId();
                      default -> null;
                    });
        tally.record(path.getKey(), url, asPartner.get(url), competitor.markers());
      }
    }

    System.out.println(tally.line("partner", "partner API"));
    assertThat(tally.paths).as("GET endpoints of the partner API").isGreaterThanOrEqualTo(4);
    assertThat(tally.leaks).as("answers that name the competitor or the findings").isEmpty();
    assertThat(asPartner.get("/api/claims/" + partner.id("claim")).status()).isEqualTo(200);
    assertThat(asPartner.get("/api/claims/" + competitor.id("claim")).status()).isEqualTo(404);
  }

  @Test
  void partnerCannotReachTheEngineThroughTheWebappsApi() throws Exception {
    WebappSession session = WebappSession.logIn(port, partner.userId(), TestUsers.PASSWORD);

    Http.Answer variables =
        session.get(
            "/camunda/api/engine/engine/default/variable-instance?processInstanceIdIn="
                + partner.id("processInstance"));
    assertThat(variables.status()).isEqualTo(403);
    assertThat(variables.body()).doesNotContain("Competing claim").contains("partners-no-webapp");
    assertThat(
            session
                .get(
                    "/camunda/api/engine/engine/default/execution?processInstanceId="
                        + partner.id("processInstance"))
                .status())
        .isEqualTo(403);
    assertThat(
            session
                .get(
                    "/camunda/api/cockpit/plugin/base/default/process-definition/"
                        + partner.id("processDefinition")
                        + "/called-process-definitions")
                .status())
        .isEqualTo(403);
  }

  // --------------------------------------------------------------------------------- validators,
  // analysts

  @Test
  void validatorStillSeesTheFindingsAndAnalystTheClaim() {
    Http validator = Http.to(port).as(TestUsers.validator(identityService), TestUsers.PASSWORD);
    Http analyst = Http.to(port).as(TestUsers.analyst(identityService), TestUsers.PASSWORD);
    String task = partner.id("task");
    String instance = partner.id("processInstance");

    // Tasklist: the form's variables, and the claim's facts on the task cards of "Claims to
    // validate".
    assertThat(
            validator
                .get("/engine-rest/task/" + task + "/form-variables")
                .json()
                .path("checkFindings")
                .path("value")
                .asText())
        .contains(
            "Competing claim: "
                + ClaimFixtures.organisationName(competitor.partnerId())
                + " (Microsoft partner "
                + competitor.partnerId()
                + ")");
    assertThat(
            validator
                .get("/engine-rest/task/" + task + "/variables")
                .json()
                .path("checkFindings")
                .path("value")
                .asText())
        .contains(competitor.id("claim"));
    Http.Answer cards =
        validator.send(
            "POST",
            "/engine-rest/filter/" + reviewFilterId + "/list?maxResults=500",
            "application/json",
            "{}",
            Map.of("Accept", "application/hal+json"));
    assertThat(cards.status()).isEqualTo(200);
    assertThat(cards.json().path("_embedded").path("task").findValuesAsText("id")).contains(task);
    assertThat(cards.json().findValuesAsText("value"))
        .contains(partner.id("claim"), partner.partnerId());

    // Cockpit: the instance, its variables (the findings too) and their history.
    assertThat(
            analyst
                .get("/engine-rest/process-instance/" + instance)
                .json()
                .path("businessKey")
                .asText())
        .isEqualTo(partner.id("claim"));
    JsonNode variables =
        analyst
            .get(
                "/engine-rest/variable-instance?processInstanceIdIn="
                    + instance
                    + "&maxResults=500")
            .json();
    assertThat(variables.findValuesAsText("name"))
        .contains("partnerId", "claimId", "checkFindings");
    assertThat(
            analyst
                .get("/engine-rest/process-instance/" + instance + "/variables")
                .json()
                .has("partnerId"))
        .isTrue();
    // The review form's variables are a view of the claim table and leave no history; the process's
    // own do, but those the claim's tables hold (the claim ID is the business key above;
    // docs/history.md).
    assertThat(
            analyst
                .get(
                    "/engine-rest/history/variable-instance?processInstanceId="
                        + instance
                        + "&maxResults=500")
                .json()
                .findValuesAsText("name"))
        .contains("partnerId")
        .doesNotContain("checkFindings", "customerContactEmail", "claimId");
  }

  @Test
  void analystChangesNothingThroughAnyMutatingEndpoint() {
    Http analyst = Http.to(port).as(TestUsers.analyst(identityService), TestUsers.PASSWORD);
    Map<String, Object> before = engineState();
    Tally gets = callEveryGet(analyst, competitor, partner, Set.of());
    int operations = 0;
    int queries = 0;
    List<String> changed = new ArrayList<>();
    List<String> queriesRefused = new ArrayList<>();

    for (Operation operation : operations(List.of("post", "put", "delete"))) {
      operations++;
      String url =
          fill(operation.path(), operation.spec(), competitor, true, false, this::pathValue);
      Http.Answer answer =
          analyst.send(operation.method().toUpperCase(), url, "application/json", "{}", Map.of());
      if (operation.isQuery()) {
        queries++;
        if (answer.body().contains("analysts-read-only")) {
          queriesRefused.add(operation + " → " + answer.status());
        }
      } else if (answer.status() < 300) {
        changed.add(operation + " → " + answer.status());
      }
    }

    System.out.println(gets.line("analyst"));
    System.out.println(
        "MATRIX analyst POST/PUT/DELETE operations="
            + operations
            + " queries="
            + queries
            + " mutating="
            + (operations - queries)
            + " mutatingAnswered2xx="
            + changed.size());
    assertThat(changed).as("mutating endpoints that answered 2xx to an analyst").isEmpty();
    assertThat(queriesRefused).as("query endpoints Cockpit needs").isEmpty();
    assertThat(engineState()).isEqualTo(before);
    assertThat(gets.pathsAnswered)
        .as("an analyst reads every claim")
        .contains(
            "/process-instance/{id}",
            "/variable-instance",
            "/history/process-instance",
            "/history/variable-instance",
            "/task/{id}/variables");
  }

  @Test
  void validatorNeitherDeploysNorGrantsNorSeesAnotherGroupsTask() {
    Http validator = Http.to(port).as(TestUsers.validator(identityService), TestUsers.PASSWORD);
    String auditTask = otherGroupsTask.id("task");
    long authorizations = authorizationService.createAuthorizationQuery().count();

    Tally gets = callEveryGet(validator, partner, otherGroupsTask, otherGroupsTask.markers());
    System.out.println(gets.line("validator"));
    assertThat(gets.leaks).as("answers that show the other group's task").isEmpty();

    String bpmn =
        Bpmn.convertToString(
            Bpmn.createExecutableProcess("sneaky")
                .camundaHistoryTimeToLive(1)
                .startEvent()
                .endEvent()
                .done());
    assertThat(
            validator
                .send(
                    "POST",
                    "/engine-rest/deployment/create",
                    "multipart/form-data; boundary=b",
                    "--b\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nsneaky-validator\r\n"
                        + "--b\r\nContent-Disposition: form-data; name=\"sneaky.bpmn\"; filename=\"sneaky.bpmn\"\r\n"
                        + "Content-Type: application/xml\r\n\r\n"
                        + bpmn
                        + "\r\n--b--\r\n",
                    Map.of())
                .status())
        .isEqualTo(403);
    assertThat(
            validator
                .postJson(
                    "/engine-rest/authorization/create",
                    Map.of(
                        "type",
                        1,
                        "permissions",
                        List.of("ALL"),
                        "groupId",
                        Roles.VALIDATORS,
                        "resourceType",
                        Resources.PROCESS_DEFINITION.resourceType(),
                        "resourceId",
                        "*"))
                .status())
        .isEqualTo(403);
    String validatorsGrant =
        authorizationService
            .createAuthorizationQuery()
            .groupIdIn(Roles.VALIDATORS)
            .resourceType(Resources.PROCESS_DEFINITION)
            .list()
            .get(0)
            .getId();
    List<String> granted = grantedPermissions(validatorsGrant);
    assertThat(
            validator
                .putJson(
                    "/engine-rest/authorization/" + validatorsGrant,
                    Map.of(
                        "permissions",
                        List.of("ALL"),
                        "groupId",
                        Roles.VALIDATORS,
                        "resourceType",
                        Resources.PROCESS_DEFINITION.resourceType(),
                        "resourceId",
                        "*"))
                .status())
        .isIn(403, 404);
    assertThat(grantedPermissions(validatorsGrant)).isEqualTo(granted).doesNotContain("ALL");
    assertThat(
            validator
                .postJson(
                    "/engine-rest/user/create",
                    Map.of(
                        "profile",
                        Map.of("id", "sneaky"),
                        "credentials",
                        Map.of("password", "sneaky-password-1")))
                .status())
        .isEqualTo(403);
    assertThat(validator.postJson("/engine-rest/group/create", Map.of("id", "sneaky")).status())
        .isEqualTo(403);

    assertThat(validator.get("/engine-rest/task/" + auditTask).status()).isIn(403, 404);
    assertThat(
            validator
                .postJson(
                    "/engine-rest/task/" + auditTask + "/claim", Map.of("userId", "test-validator"))
                .status())
        .isIn(403, 404);
    assertThat(
            validator.postJson("/engine-rest/task/" + auditTask + "/complete", Map.of()).status())
        .isIn(403, 404);
    assertThat(taskService.createTaskQuery().taskId(auditTask).singleResult().getAssignee())
        .isNull();
    assertThat(authorizationService.createAuthorizationQuery().count()).isEqualTo(authorizations);
    assertThat(repositoryService.createDeploymentQuery().deploymentName("sneaky-validator").count())
        .isZero();
    assertThat(identityService.createUserQuery().userId("sneaky").count()).isZero();
  }

  private List<String> grantedPermissions(String authorizationId) {
    return Arrays.stream(
            authorizationService
                .createAuthorizationQuery()
                .authorizationId(authorizationId)
                .singleResult()
                .getPermissions(ProcessDefinitionPermissions.values()))
        .map(Permission::getName)
        .sorted()
        .toList();
  }

  // ------------------------------------------------------------------------------------------ the
  // matrix

  /**
   * Every GET of the OpenAPI document: without filters, filtered to the asker's own ids, to the
   * other side's.
   */
  private Tally callEveryGet(Http caller, Side own, Side other, Set<String> markers) {
    Tally tally = new Tally();
    for (Operation operation : operations(List.of("get"))) {
      tally.paths++;
      Set<String> urls = new LinkedHashSet<>();
      urls.add(
          fill(
              operation.path(),
              operation.spec(),
              own,
              false,
              false,
              (prefix, name) -> pathValue(prefix, name, own)));
      urls.add(
          fill(
              operation.path(),
              operation.spec(),
              own,
              true,
              false,
              (prefix, name) -> pathValue(prefix, name, own)));
      urls.add(
          fill(
              operation.path(),
              operation.spec(),
              other,
              true,
              false,
              (prefix, name) -> pathValue(prefix, name, other)));
      for (String url : urls) {
        tally.record(operation.path(), url, caller.get(url), markers);
      }
    }
    return tally;
  }

  /** One operation of the engine REST OpenAPI document. */
  record Operation(String method, String path, JsonNode spec) {
    /** A POST that only queries: Camunda names those query…, postQuery… and postExecuteFilter…. */
    boolean isQuery() {
      String id = spec.path("operationId").asText();
      return method.equals("post")
          && (id.startsWith("query")
              || id.startsWith("postQuery")
              || id.startsWith("postExecuteFilter"));
    }

    @Override
    public String toString() {
      return method.toUpperCase() + " " + path;
    }
  }

  private List<Operation> operations(List<String> methods) {
    List<Operation> operations = new ArrayList<>();
    openApi
        .get("paths")
        .fields()
        .forEachRemaining(
            path -> {
              for (String method : methods) {
                if (path.getValue().has(method)) {
                  operations.add(new Operation(method, path.getKey(), path.getValue().get(method)));
                }
              }
            });
    assertThat(operations).as("operations of the OpenAPI document").isNotEmpty();
    return operations;
  }

  private interface PathValues {
    /** The value of a path parameter, or null when the test does not know the parameter. */
    String value(String resource, String name);
  }

  /**
   * The URL of an operation: path parameters from the side's ids (an unknown one fails the test),
   * required query parameters, and, when filtered, the first id filter the operation declares.
   */
  private String fill(
      String template,
      JsonNode operation,
      Side side,
      boolean filtered,
      boolean partnerApi,
      PathValues values) {
    String resource = resourceOf(template);
    StringBuilder url = new StringBuilder(partnerApi ? "" : "/engine-rest");
    Matcher parameter = PATH_PARAMETER.matcher(template);
    int end = 0;
    while (parameter.find()) {
      String value = values.value(resource, parameter.group(1));
      if (value == null) {
        throw new AssertionError(
            "The matrix does not know how to fill {" + parameter.group(1) + "} of " + template);
      }
      url.append(template, end, parameter.start()).append(encode(value));
      end = parameter.end();
    }
    url.append(template.substring(end));

    Map<String, String> query = new LinkedHashMap<>();
    Set<String> declared = new LinkedHashSet<>();
    operation
        .path("parameters")
        .forEach(
            p -> {
              if ("query".equals(p.path("in").asText())) {
                declared.add(p.path("name").asText());
                if (p.path("required").asBoolean()) {
                  String value = requiredQueryValue(p.path("name").asText(), side);
                  if (value == null) {
                    throw new AssertionError(
                        "The matrix does not know how to fill the required query parameter "
                            + p.path("name").asText()
                            + " of "
                            + template);
                  }
                  query.put(p.path("name").asText(), value);
                }
              }
            });
    for (String paging : List.of("maxResults", "size")) {
      if (declared.contains(paging)) {
        query.put(paging, paging.equals("size") ? "100" : "500");
      }
    }
    for (String flag : List.of("withTaskVariablesInReturn", "withTaskLocalVariablesInReturn")) {
      if (declared.contains(flag)) {
        query.put(flag, "true");
      }
    }
    if (filtered) {
      for (Map.Entry<String, String> filter : idFilters(side).entrySet()) {
        if (declared.contains(filter.getKey()) && !query.containsKey(filter.getKey())) {
          query.put(filter.getKey(), filter.getValue());
          break;
        }
      }
    }
    if (!query.isEmpty()) {
      url.append('?')
          .append(
              query.entrySet().stream()
                  .map(e -> e.getKey() + "=" + encode(e.getValue()))
                  .collect(Collectors.joining("&")));
    }
    return url.toString();
  }

  /** Query filters by id, broadest first: the operation gets the first it declares. */
  private static Map<String, String> idFilters(Side side) {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("processInstanceId", side.id("processInstance"));
    filters.put("processInstanceIdIn", side.id("processInstance"));
    filters.put("processInstanceIds", side.id("processInstance"));
    filters.put("businessKey", side.id("claim"));
    filters.put("processInstanceBusinessKey", side.id("claim"));
    filters.put("variableScopeIdIn", side.id("task"));
    filters.put("executionId", side.id("execution"));
    filters.put("executionIdIn", side.id("execution"));
    filters.put("taskId", side.id("task"));
    filters.put("taskIdIn", side.id("task"));
    filters.put("jobId", side.id("job"));
    filters.put("rootProcessInstanceId", side.id("processInstance"));
    filters.put("userId", side.userId());
    filters.put("userIdIn", side.userId());
    filters.put("groupId", Roles.partnerGroup(side.partnerId()));
    filters.put("member", side.userId());
    filters.put("resourceId", side.id("processInstance"));
    return filters;
  }

  private static String requiredQueryValue(String name, Side side) {
    return switch (name) {
      case "permissionName" -> "READ";
      case "resourceName" -> "ProcessInstance";
      case "resourceType" -> String.valueOf(Resources.PROCESS_INSTANCE.resourceType());
      case "resourceId" -> side.id("processInstance");
      case "reportType" -> "duration";
      case "periodUnit" -> "month";
      case "userId" -> side.userId();
      default -> null;
    };
  }

  private String pathValue(String resource, String name) {
    return pathValue(resource, name, competitor);
  }

  /**
   * Path parameters by resource and name; ids of resources no claim has are ids that exist nowhere.
   */
  private String pathValue(String resource, String name, Side side) {
    return switch (name) {
      case "key" -> resource.contains("decision") ? "no-such-decision" : ClaimProcess.PROCESS_KEY;
      case "tenant-id" -> "no-such-tenant";
      case "varName" ->
          resource.equals("task")
              ? ClaimProcess.Variables.CHECK_FINDINGS
              : ClaimProcess.Variables.PARTNER_CONTACT_EMAIL;
      case "messageName" -> ClaimProcess.Messages.CLAIM_WITHDRAWN;
      case "metrics-name" -> "activity-instance-start";
      case "resourceId" -> side.id("deploymentResource");
      case "commentId" -> side.id("comment");
      case "attachmentId" -> side.id("attachment");
      case "operationId" -> side.id("userOperation");
      case "userId" -> side.userId();
      case "groupId" -> Roles.partnerGroup(side.partnerId());
      case "id" ->
          switch (resource) {
            case "authorization" -> side.id("authorization");
            case "deployment" -> side.id("deployment");
            case "execution" -> side.id("execution");
            case "filter" -> reviewFilterId;
            case "group" -> Roles.partnerGroup(side.partnerId());
            case "user" -> side.userId();
            case "job" -> side.id("job");
            case "job-definition" -> side.id("jobDefinition");
            case "process-definition", "history/process-definition" -> side.id("processDefinition");
            case "process-instance", "history/process-instance" -> side.id("processInstance");
            case "task" -> side.id("task");
            case "variable-instance" -> side.id("variable");
            case "history/variable-instance" -> side.id("historicVariable");
            case "history/detail" -> side.id("historicDetail");
            case "history/activity-instance" -> side.id("historicActivity");
            case "history/job-log" -> side.id("jobLog");
            case "batch",
                "history/batch",
                "decision-definition",
                "decision-requirements-definition",
                "external-task",
                "history/decision-instance",
                "history/decision-requirements-definition",
                "history/external-task-log",
                "incident",
                "tenant" ->
                "no-such-" + resource.replace('/', '-');
            default -> null;
          };
      default -> null;
    };
  }

  /** {@code /history/task/{id}} → {@code history/task}; {@code /task/{id}} → {@code task}. */
  private static String resourceOf(String template) {
    String[] segments = template.split("/");
    String first = segments.length > 1 ? segments[1] : "";
    if (first.equals("api") && segments.length > 2) {
      return "api/" + segments[2];
    }
    return first.equals("history") && segments.length > 2 ? "history/" + segments[2] : first;
  }

  /** What the calls answered, per path. */
  static class Tally {
    int paths;
    int calls;
    int refused;
    int answered;
    int other;
    final Set<String> pathsAnswered = new TreeSet<>();
    final Map<String, Integer> otherStatuses = new TreeMap<>();
    final List<String> leaks = new ArrayList<>();

    /** Camunda's own 500s (e.g. for ids of nothing): listed, not asserted. */
    final Set<String> serverErrors = new TreeSet<>();

    void record(String path, String url, Http.Answer answer, Set<String> markers) {
      calls++;
      if (answer.status() == 401 || answer.status() == 403) {
        refused++;
      } else if (answer.status() < 300) {
        answered++;
        pathsAnswered.add(path);
      } else {
        other++;
        otherStatuses.merge(String.valueOf(answer.status()), 1, Integer::sum);
        if (answer.status() >= 500) {
          serverErrors.add(path);
        }
      }
      String body = answer.body();
      for (String marker : markers) {
        // What the caller sent may come back in an error message; that tells it nothing new.
        if (!url.contains(marker) && body.contains(marker)) {
          leaks.add(
              answer.status()
                  + " GET "
                  + url
                  + " shows '"
                  + marker
                  + "': "
                  + body.substring(0, Math.min(body.length(), 300)));
        }
      }
    }

    String line(String role) {
      return line(role, "engine REST");
    }

    String line(String role, String api) {
      return "MATRIX "
          + role
          + " GET ("
          + api
          + ") paths="
          + paths
          + " called="
          + calls
          + " refused="
          + refused
          + " answeredWithoutLeak="
          + (answered - leaks.size())
          + " otherStatuses="
          + otherStatuses
          + " leaks="
          + leaks.size()
          + (serverErrors.isEmpty() ? "" : " serverErrorsAt=" + serverErrors);
    }
  }

  // -------------------------------------------------------------------------------------------
  // scenario

  private JsonNode start(Http partnerUser, Map<String, Object> claim) {
    Map<String, Object> variables = ClaimFixtures.engineRestVariables(claim);
    Http.Answer started =
        partnerUser.postJson(
            "/engine-rest/process-definition/key/cpor-claim/start", Map.of("variables", variables));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    return started.json();
  }

  private void approve(String instanceId) {
    Task review = taskService.createTaskQuery().processInstanceId(instanceId).singleResult();
    taskService.complete(review.getId(), Map.of(ClaimProcess.Variables.DECISION, "APPROVE"));
  }

  private Side side(String label, String partnerId, JsonNode inReview, JsonNode approved) {
    String instance = inReview.get("id").asText();
    String claim = inReview.get("businessKey").asText();
    Task task = taskService.createTaskQuery().processInstanceId(instance).singleResult();
    String approvedInstance = approved.get("id").asText();
    var job = managementService.createJobQuery().processInstanceId(approvedInstance).singleResult();
    String definition = task.getProcessDefinitionId();
    String deployment = repositoryService.getProcessDefinition(definition).getDeploymentId();
    String userId = "partner-user-" + partnerId;

    Map<String, String> ids = new HashMap<>();
    ids.put("claim", claim);
    ids.put("processInstance", instance);
    ids.put("approvedInstance", approvedInstance);
    ids.put("approvedClaim", approved.get("businessKey").asText());
    ids.put("task", task.getId());
    ids.put("execution", task.getExecutionId());
    ids.put("job", job.getId());
    ids.put("jobDefinition", job.getJobDefinitionId());
    ids.put("processDefinition", definition);
    ids.put("deployment", deployment);
    ids.put(
        "deploymentResource",
        repositoryService.getDeploymentResources(deployment).stream()
            .filter(resource -> resource.getName().endsWith(".bpmn"))
            .findFirst()
            .orElseThrow()
            .getId());
    ids.put(
        "variable",
        runtimeService
            .createVariableInstanceQuery()
            .taskIdIn(task.getId())
            .variableName(ClaimProcess.Variables.CHECK_FINDINGS)
            .singleResult()
            .getId());
    // The review form's variables (findings included) have no history at all; the claim's own do.
    ids.put(
        "historicVariable",
        historyService
            .createHistoricVariableInstanceQuery()
            .processInstanceIdIn(instance)
            .variableName(ClaimProcess.Variables.PARTNER_ID)
            .singleResult()
            .getId());
    ids.put(
        "historicDetail",
        historyService
            .createHistoricDetailQuery()
            .processInstanceId(instance)
            .list()
            .get(0)
            .getId());
    ids.put(
        "historicActivity",
        historyService
            .createHistoricActivityInstanceQuery()
            .processInstanceId(instance)
            .activityId(ClaimProcess.Elements.TASK_VALIDATE_CLAIM)
            .singleResult()
            .getId());
    // History level cpor logs a job when it ends, not when it is created: the approved claim's
    // review deadline timer, cancelled when the review was completed.
    ids.put(
        "jobLog",
        historyService
            .createHistoricJobLogQuery()
            .processInstanceId(approvedInstance)
            .list()
            .get(0)
            .getId());
    ids.put(
        "authorization",
        authorizationService
            .createAuthorizationQuery()
            .resourceType(Resources.PROCESS_INSTANCE)
            .resourceId(instance)
            .groupIdIn(Roles.partnerGroup(partnerId))
            .singleResult()
            .getId());
    ids.put(
        "userOperation",
        historyService.createUserOperationLogQuery().processInstanceId(instance).list().stream()
            .findFirst()
            .map(entry -> entry.getOperationId())
            .orElse("no-such-operation"));
    ids.put(
        "comment",
        taskService
            .createComment(task.getId(), instance, "Validator's note on claim " + claim)
            .getId());
    ids.put(
        "attachment",
        taskService
            .createAttachment(
                "url",
                task.getId(),
                instance,
                "Statement of work of " + claim,
                "Countersigned by the customer",
                "https://partner-" + partnerId + ".example.com/sow-signed.pdf")
            .getId());

    Set<String> markers =
        new LinkedHashSet<>(
            List.of(
                partnerId,
                claim,
                approved.get("businessKey").asText(),
                "Pat Partner " + partnerId,
                ClaimFixtures.organisationName(partnerId),
                "pat@partner-" + partnerId + ".example.com",
                userId,
                instance,
                approvedInstance,
                task.getId(),
                job.getId(),
                ids.get("variable"),
                ids.get("historicVariable"),
                ids.get("comment"),
                ids.get("attachment"),
                "Competing claim"));
    return new Side(label, partnerId, userId, ids, markers);
  }

  /**
   * A task of another team's process, for the group {@code auditors}: validators may neither see
   * nor complete it. (A standalone task would not do: Camunda shows standalone tasks' history to
   * every user unless historic instance permissions are on, and no part of this application creates
   * one.)
   */
  private Side auditorsTask() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("audit-decisions")
            .camundaHistoryTimeToLive(180)
            .startEvent()
            .userTask("Task_AuditDecisions")
            .name("Audit the validators' decisions")
            .camundaCandidateGroups("auditors")
            .endEvent()
            .done();
    String deployment =
        repositoryService
            .createDeployment()
            .name("audit")
            .addModelInstance("audit.bpmn", model)
            .deploy()
            .getId();
    String instance =
        runtimeService
            .startProcessInstanceByKey(
                "audit-decisions",
                "AUDIT-" + ClaimFixtures.newPartnerId(),
                Map.of("auditNote", "For the auditors only: sampled decisions of this quarter"))
            .getId();
    Task task = taskService.createTaskQuery().processInstanceId(instance).singleResult();
    taskService.setVariableLocal(task.getId(), "auditScope", "Every rejection");
    // Narrowed: a changed value, which history level cpor keeps as a detail.
    taskService.setVariableLocal(task.getId(), "auditScope", "Every rejection of the last quarter");

    Map<String, String> ids = new HashMap<>(competitor.ids());
    ids.put(
        "claim",
        runtimeService
            .createProcessInstanceQuery()
            .processInstanceId(instance)
            .singleResult()
            .getBusinessKey());
    ids.put("processInstance", instance);
    ids.put("task", task.getId());
    ids.put("execution", task.getExecutionId());
    ids.put("processDefinition", task.getProcessDefinitionId());
    ids.put("deployment", deployment);
    ids.put(
        "deploymentResource", repositoryService.getDeploymentResources(deployment).get(0).getId());
    ids.put(
        "variable",
        runtimeService
            .createVariableInstanceQuery()
            .processInstanceIdIn(instance)
            .variableName("auditNote")
            .singleResult()
            .getId());
    ids.put(
        "historicVariable",
        historyService
            .createHistoricVariableInstanceQuery()
            .processInstanceId(instance)
            .variableName("auditScope")
            .singleResult()
            .getId());
    ids.put(
        "historicDetail",
        historyService
            .createHistoricDetailQuery()
            .processInstanceId(instance)
            .list()
            .get(0)
            .getId());
    ids.put(
        "historicActivity",
        historyService
            .createHistoricActivityInstanceQuery()
            .processInstanceId(instance)
            .activityId("Task_AuditDecisions")
            .singleResult()
            .getId());
    ids.put(
        "authorization",
        authorizationService
            .createAuthorizationQuery()
            .resourceType(Resources.TASK)
            .resourceId(task.getId())
            .groupIdIn("auditors")
            .singleResult()
            .getId());
    ids.put(
        "comment",
        taskService.createComment(task.getId(), instance, "Auditors' working note").getId());
    ids.put(
        "attachment",
        taskService
            .createAttachment(
                "url",
                task.getId(),
                instance,
                "Audit plan",
                "Auditors' plan",
                "https://audit.example.com/plan.pdf")
            .getId());
    return new Side(
        "auditors' task",
        competitor.partnerId(),
        competitor.userId(),
        ids,
        Set.of(
            instance,
            task.getId(),
            ids.get("claim"),
            "Audit the validators' decisions",
            "For the auditors only",
            "Every rejection of the last quarter",
            "Auditors' working note",
            "Auditors' plan",
            ids.get("comment"),
            ids.get("attachment")));
  }

  /** What a change through the API would change: rows and their revisions, job retries, claims. */
  private Map<String, Object> engineState() {
    Map<String, Object> state = new TreeMap<>();
    for (String table :
        List.of(
            "ACT_GE_PROPERTY",
            "ACT_GE_BYTEARRAY",
            "ACT_RU_EXECUTION",
            "ACT_RU_JOB",
            "ACT_RU_JOBDEF",
            "ACT_RE_PROCDEF",
            "ACT_RU_TASK",
            "ACT_RU_IDENTITYLINK",
            "ACT_RU_VARIABLE",
            "ACT_RU_EVENT_SUBSCR",
            "ACT_RU_INCIDENT",
            "ACT_RU_AUTHORIZATION",
            "ACT_RU_FILTER",
            "ACT_RU_EXT_TASK",
            "ACT_RU_BATCH",
            "ACT_ID_GROUP",
            "ACT_ID_USER",
            "ACT_ID_TENANT",
            "ACT_HI_VARINST",
            "ACT_HI_DETAIL",
            "ACT_HI_COMMENT",
            "ACT_HI_ATTACHMENT")) {
      state.put(
          table,
          jdbc.sql("select count(*) || '/' || coalesce(sum(REV_), 0) from " + table)
              .query(String.class)
              .single());
    }
    for (String table :
        List.of(
            "ACT_RE_DEPLOYMENT",
            "ACT_ID_MEMBERSHIP",
            "ACT_ID_TENANT_MEMBER",
            "ACT_HI_PROCINST",
            "ACT_HI_TASKINST",
            "ACT_HI_OP_LOG",
            "claim",
            "claim_event")) {
      state.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
    }
    state.put(
        "job retries",
        jdbc.sql("select coalesce(sum(RETRIES_), 0) from ACT_RU_JOB").query(Long.class).single());
    return state;
  }

  /** A login to the webapps, as a browser holds it: the session cookie and the CSRF token. */
  static final class WebappSession {
    private final HttpClient client;
    private final String baseUrl;
    private String token;
    private CookieManager cookies;

    private WebappSession(HttpClient client, String baseUrl) {
      this.client = client;
      this.baseUrl = baseUrl;
    }

    static WebappSession logIn(int port, String user, String password) throws Exception {
      return logIn(port, user, password, "welcome");
    }

    /** A login to one of the webapps (welcome, tasklist, cockpit, admin). */
    static WebappSession logIn(int port, String user, String password, String app)
        throws Exception {
      CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
      HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
      WebappSession session = new WebappSession(client, "http://localhost:" + port);
      session.get("/camunda/api/admin/auth/user/default");
      String token =
          cookies.getCookieStore().getCookies().stream()
              .filter(c -> c.getName().equals("XSRF-TOKEN"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"))
              .getValue();
      session.token = token;
      session.cookies = cookies;
      var login =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          session.baseUrl + "/camunda/api/admin/auth/user/default/login/" + app))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .header("X-XSRF-TOKEN", token)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "username=" + encode(user) + "&password=" + encode(password)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode())
          .as("login to the welcome page: " + login.body())
          .isEqualTo(200);
      return session;
    }

    /** The CSRF token of the session as it stands (a login starts a new session). */
    private String currentToken() {
      return cookies.getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("XSRF-TOKEN"))
          .reduce((first, last) -> last)
          .map(HttpCookie::getValue)
          .orElse(token);
    }

    /**
     * A JSON POST as the webapps send it, with the session's CSRF token (a login starts a new
     * session, whose token the next GET hands out, as it does to the browser).
     */
    Http.Answer postJson(String path, String json) throws Exception {
      get("/camunda/api/admin/auth/user/default");
      var response =
          client.send(
              HttpRequest.newBuilder(URI.create(baseUrl + path))
                  .header("Content-Type", "application/json")
                  .header("X-XSRF-TOKEN", currentToken())
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return new Http.Answer(response.statusCode(), response);
    }

    Http.Answer get(String path) throws Exception {
      var response =
          client.send(
              HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      return new Http.Answer(response.statusCode(), response);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
