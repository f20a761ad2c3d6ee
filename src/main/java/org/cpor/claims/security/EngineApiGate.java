package org.cpor.claims.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Engine REST as each role needs it, in front of engine authorization. Engine authorization decides
 * per resource; it cannot tell that a partner, who may read its own process instance, must still
 * not see what hangs off it (task-local variables, executions filtered by variable values, job and
 * history details). So partners get the few endpoints the walkthrough needs and nothing else, and
 * analysts, who read everything, may send only GETs and query POSTs. Validators and admins are left
 * to engine authorization.
 *
 * <p>The same rule for partners guards the webapps' API ({@code /camunda/api/*}), where a partner
 * could otherwise log into the welcome page and use the same engine API with a session: partners
 * have no webapp, so all of it but the login is refused.
 */
class EngineApiGate extends OncePerRequestFilter {

  static final String PROBLEM_JSON = "application/problem+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A path of engine REST below its root (and below {@code /engine/{name}}), as the filter compares
   * it.
   */
  private static final Pattern NAMED_ENGINE = Pattern.compile("^/engine/[^/]+(?=/|$)");

  /**
   * What partners may do over engine REST: start a claim and read definitions and their own
   * instances.
   */
  private static final List<Allowed> PARTNER_RULES =
      List.of(
          new Allowed("GET", "/process-definition(/count)?"),
          new Allowed("GET", "/process-definition/key/[^/]+(/xml)?"),
          new Allowed("GET", "/process-definition/(?!statistics$|count$|key$)[^/]+(/xml)?"),
          new Allowed("GET", "/process-instance(/count)?"),
          new Allowed("GET", "/process-instance/(?!count$)[^/]+"),
          new Allowed("POST", "/process-instance(/count)?"),
          new Allowed("POST", "/process-definition/key/[^/]+/start"),
          new Allowed("POST", "/process-definition/(?!key$)[^/]+/start"));

  /**
   * The POSTs that only query (a filter in the body instead of the URL): Cockpit and scripts use
   * them.
   */
  private static final List<Allowed> QUERY_POSTS =
      List.of(
          new Allowed(
              "POST",
              "/(execution|external-task|group|job|job-definition|process-instance|task|variable-instance)(/count)?"),
          new Allowed(
              "POST",
              "/history/(activity-instance|detail|external-task-log|job-log|process-instance|task|variable-instance)(/count)?"),
          new Allowed("POST", "/filter/[^/]+/(list|count|singleResult)"),
          new Allowed("POST", "/schema/log"));

  /** In the webapps' API partners may log in and out, nothing else. */
  private static final List<Allowed> PARTNER_WEBAPP_RULES =
      List.of(
          new Allowed("GET", "/admin/auth/user/[^/]+"),
          new Allowed("POST", "/admin/auth/user/[^/]+/(login/[^/]+|logout)"));

  /** A task's single comment or attachment, which Camunda hands out without checking the task. */
  private static final Pattern TASK_PART =
      Pattern.compile("/task/([^/]+)/(comment|attachment)/[^/]+(/data)?");

  private final String webappApiPrefix;
  private final Supplier<Authentication> engineRestCaller;
  private final TaskVisibility tasks;

  /**
   * @param webappPath the webapps' application path, e.g. {@code /camunda}
   * @param engineRestCaller who calls engine REST, as its authentication filter has told the engine
   */
  EngineApiGate(
      String webappPath, Supplier<Authentication> engineRestCaller, TaskVisibility tasks) {
    this.webappApiPrefix = webappPath + "/api";
    this.engineRestCaller = engineRestCaller;
    this.tasks = tasks;
  }

  /** A method and a path pattern (below the API's root) that a role may use. */
  record Allowed(String method, Pattern path) {
    Allowed(String method, String regex) {
      this(method, Pattern.compile(regex));
    }

    boolean matches(String requestMethod, String requestPath) {
      return method.equals(requestMethod) && path.matcher(requestPath).matches();
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    // HEAD is a GET without the body; OPTIONS only describes the endpoint.
    String method =
        "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod().toUpperCase(Locale.ROOT);
    String refusal =
        path.startsWith(webappApiPrefix + "/")
            ? webappRefusal(request, method, path.substring(webappApiPrefix.length()))
            : engineRestRefusal(request, method, path.replaceFirst("^/engine-rest", ""));
    if (refusal == null) {
      chain.doFilter(request, response);
      return;
    }
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", "Forbidden");
    problem.put("status", HttpServletResponse.SC_FORBIDDEN);
    problem.put("detail", refusal);
    problem.put("rule", ruleName(refusal));
    problem.put("method", request.getMethod());
    problem.put("path", path);
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType(PROBLEM_JSON);
    response.setCharacterEncoding("UTF-8");
    JSON.writeValue(response.getWriter(), problem);
  }

  private String engineRestRefusal(HttpServletRequest request, String method, String path) {
    Authentication caller = engineRestCaller.get();
    List<String> groups =
        caller == null || caller.getGroupIds() == null ? List.of() : caller.getGroupIds();
    String below = NAMED_ENGINE.matcher(path).replaceFirst("");
    if ("OPTIONS".equals(method)) {
      return null;
    }
    if (caller != null && hiddenTaskPart(caller.getUserId(), groups, below)) {
      return TASK_RULE;
    }
    if (groups.contains(Roles.PARTNERS)) {
      if (unusual(request)
          || PARTNER_RULES.stream().noneMatch(rule -> rule.matches(method, below))) {
        return PARTNERS_RULE;
      }
      return null;
    }
    if (groups.contains(Roles.ANALYSTS)
        && !groups.contains(Roles.VALIDATORS)
        && !groups.contains(Roles.ADMINS)) {
      boolean reads =
          "GET".equals(method)
              || QUERY_POSTS.stream().anyMatch(rule -> rule.matches(method, below));
      if (unusual(request) || !reads) {
        return ANALYSTS_RULE;
      }
    }
    return null;
  }

  private String webappRefusal(HttpServletRequest request, String method, String path) {
    if ("OPTIONS".equals(method)) {
      return null;
    }
    UserAuthentication user = webappUser(request.getSession(false));
    if (user == null) {
      return null;
    }
    List<String> groups = user.getGroupIds() == null ? List.of() : List.copyOf(user.getGroupIds());
    if (groups.contains(Roles.PARTNERS)
        && (unusual(request)
            || PARTNER_WEBAPP_RULES.stream().noneMatch(rule -> rule.matches(method, path)))) {
      return PARTNERS_WEBAPP_RULE;
    }
    Matcher engineApi = WEBAPP_ENGINE_API.matcher(path);
    if (engineApi.matches() && hiddenTaskPart(user.getIdentityId(), groups, engineApi.group(1))) {
      return TASK_RULE;
    }
    return null;
  }

  /** The webapps' engine API: {@code /engine/engine/{name}/…}. */
  private static final Pattern WEBAPP_ENGINE_API = Pattern.compile("/engine/engine/[^/]+(/.*)");

  private boolean hiddenTaskPart(String userId, List<String> groups, String path) {
    Matcher part = TASK_PART.matcher(path);
    return part.matches() && !tasks.canRead(userId, groups, part.group(1));
  }

  /** Whoever is logged into the webapps with this session (null without a login). */
  private static UserAuthentication webappUser(HttpSession session) {
    if (session == null) {
      return null;
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    return authentications.getAuthentications().stream().findFirst().orElse(null);
  }

  /**
   * Path parameters or encoded separators would let the router see another path than this filter;
   * restricted callers have no use for them.
   */
  private static boolean unusual(HttpServletRequest request) {
    String raw = request.getRequestURI().toLowerCase(Locale.ROOT);
    return raw.contains(";") || raw.contains("%2f") || raw.contains("%5c") || raw.contains("%2e");
  }

  static final String PARTNERS_RULE =
      "Partners may use engine REST only to start a claim (POST "
          + "/process-definition/key/cpor-claim/start) and to read process definitions and their own process instances; "
          + "the partner API (/api/claims) shows everything else about a partner's own claims.";
  static final String ANALYSTS_RULE =
      "Analysts read only: engine REST answers their GET requests and query POSTs, "
          + "nothing that changes the engine.";
  static final String TASK_RULE =
      "A task's comments and attachments are for those who may read the task.";
  static final String PARTNERS_WEBAPP_RULE =
      "Partners have no webapp: the webapps' API is for validators, analysts "
          + "and admins; partners use the partner API (/api/claims).";

  private static String ruleName(String refusal) {
    if (PARTNERS_RULE.equals(refusal)) {
      return "partners-engine-rest";
    }
    if (TASK_RULE.equals(refusal)) {
      return "task-parts-need-the-task";
    }
    return ANALYSTS_RULE.equals(refusal) ? "analysts-read-only" : "partners-no-webapp";
  }
}
