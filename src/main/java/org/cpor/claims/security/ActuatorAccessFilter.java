package org.cpor.claims.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Actuator is not public: only the health status and its liveness and readiness groups answer
 * anyone (load balancers and orchestrators ask them). The health details, metrics, Prometheus and
 * the rest need HTTP Basic as a member of {@code analysts} or {@code camunda-admin}. The caller is
 * handed to Spring Boot as the request's principal with the groups as roles, so that {@code
 * show-details: when-authorized} with {@code roles: analysts, camunda-admin} shows the details to
 * them alone (without Spring Security, Boot asks {@code request.isUserInRole}).
 */
class ActuatorAccessFilter extends OncePerRequestFilter {

  static final Set<String> PUBLIC =
      Set.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness");

  private static final List<String> READERS = List.of(Roles.ANALYSTS, Roles.ADMINS);

  private final IdentityService identityService;
  private final TransactionTemplate transaction;

  ActuatorAccessFilter(
      IdentityService identityService, PlatformTransactionManager transactionManager) {
    this.identityService = identityService;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    while (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    boolean open = PUBLIC.contains(path);
    String[] credentials =
        ApiAuthenticationFilter.basicCredentials(request.getHeader("Authorization"));
    List<String> groups =
        credentials == null ? null : transaction.execute(status -> groupsIfValid(credentials));
    if (groups == null && (credentials != null || !open)) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Basic realm=\"CPOR operations\"");
      problem(
          response,
          401,
          "Unauthorized",
          "Log in with HTTP Basic as a member of analysts or camunda-admin.");
      return;
    }
    if (groups == null) {
      chain.doFilter(request, response);
      return;
    }
    if (!open && READERS.stream().noneMatch(groups::contains)) {
      problem(
          response,
          403,
          "Forbidden",
          "Metrics and health details are for the groups analysts and camunda-admin.");
      return;
    }
    chain.doFilter(new Caller(request, credentials[0], groups), response);
  }

  private List<String> groupsIfValid(String[] credentials) {
    if (!identityService.checkPassword(credentials[0], credentials[1])) {
      return null;
    }
    return identityService.createGroupQuery().groupMember(credentials[0]).list().stream()
        .map(Group::getId)
        .toList();
  }

  private static void problem(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response
        .getWriter()
        .write(
            "{\"type\":\"about:blank\",\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail
                + "\"}");
  }

  /** The request as Spring Boot's actuator reads it: who calls, and the groups as roles. */
  private static final class Caller extends HttpServletRequestWrapper {
    private final Principal principal;
    private final List<String> groups;

    Caller(HttpServletRequest request, String userId, List<String> groups) {
      super(request);
      this.principal = () -> userId;
      this.groups = groups;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getRemoteUser() {
      return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
      return groups.contains(role);
    }
  }
}
