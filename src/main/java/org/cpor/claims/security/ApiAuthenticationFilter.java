package org.cpor.claims.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for the partner API against Camunda's identity service (the one user store of the
 * webapps and engine REST). The engine knows the caller for the request, so authorizations and the
 * claim's history see the real user.
 *
 * <p>The analytics below {@code /api/analytics/} also take the session of a user logged into the
 * Camunda webapps, so that the Cockpit plugin "CPOR claims" calls them without asking for the
 * password again (read-only GETs; see {@link #webappUser}). In the profile {@code oidc} {@link
 * TokenCaller} takes its place.
 */
class ApiAuthenticationFilter extends OncePerRequestFilter {

  /** The API that also takes the Cockpit session (read-only). */
  static final String SESSION_PATH = "/api/analytics/";

  private final IdentityService identityService;
  private final CheckedCredentials checkedCredentials;
  private final String engineName;

  ApiAuthenticationFilter(
      IdentityService identityService, CheckedCredentials checkedCredentials, String engineName) {
    this.identityService = identityService;
    this.checkedCredentials = checkedCredentials;
    this.engineName = engineName;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String[] credentials = basicCredentials(request.getHeader("Authorization"));
    Authentication webappUser = credentials == null ? webappUser(request, engineName) : null;
    if (webappUser != null) {
      identityService.setAuthentication(webappUser);
      try {
        chain.doFilter(request, response);
      } finally {
        identityService.clearAuthentication();
      }
      return;
    }
    // Password and groups in one transaction, remembered for a short time (CheckedCredentials).
    // Failed logins are limited per client address (AbuseLimits), not per user.
    CheckedCredentials.Caller caller =
        credentials == null ? null : checkedCredentials.check(credentials[0], credentials[1]);
    if (caller == null) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Basic realm=\"CPOR partner API\"");
      response.setContentType("application/problem+json");
      response
          .getWriter()
          .write(
              "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                  + "\"detail\":\"Log in with HTTP Basic as a user of the CPOR identity service.\"}");
      return;
    }
    identityService.setAuthentication(caller.userId(), caller.groups());
    try {
      chain.doFilter(request, response);
    } finally {
      identityService.clearAuthentication();
    }
  }

  /**
   * Who is logged into the Camunda webapps with this session, for the read-only analytics that the
   * Cockpit plugin calls: only GETs (a session cookie must not be able to change anything, and the
   * webapps' CSRF token does not cover /api), only below {@code /api/analytics/}, and only the
   * session's login to this engine. The webapps checked the password at login and keep the
   * session's groups current themselves; the analytics check the groups.
   */
  static Authentication webappUser(HttpServletRequest request, String engineName) {
    if (!("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
        || !request.getRequestURI().startsWith(request.getContextPath() + SESSION_PATH)) {
      return null;
    }
    HttpSession session = request.getSession(false);
    if (session == null) {
      return null;
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    if (authentications == null
        || !(authentications.getAuthenticationForProcessEngine(engineName)
            instanceof UserAuthentication user)) {
      return null;
    }
    return new Authentication(
        user.getIdentityId(),
        user.getGroupIds() == null ? List.of() : List.copyOf(user.getGroupIds()),
        user.getTenantIds() == null ? List.of() : List.copyOf(user.getTenantIds()));
  }

  static String[] basicCredentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon <= 0
          ? null
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }
}
