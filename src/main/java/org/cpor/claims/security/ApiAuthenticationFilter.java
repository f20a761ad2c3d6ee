package org.cpor.claims.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTP Basic for the partner API against Camunda's identity service (the one user store of the
 * webapps and engine REST). The engine knows the caller for the request, so authorizations and the
 * claim's history see the real user.
 */
class ApiAuthenticationFilter extends OncePerRequestFilter {

  private final IdentityService identityService;
  private final TransactionTemplate transaction;

  ApiAuthenticationFilter(
      IdentityService identityService, PlatformTransactionManager transactionManager) {
    this.identityService = identityService;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String[] credentials = basicCredentials(request.getHeader("Authorization"));
    // Password and groups in one transaction: one connection and one commit per request. Not read-
    // only: the identity service counts failed attempts (it no longer locks the user for them:
    // failed logins are limited per client address, see AbuseLimits).
    List<String> groups =
        credentials == null ? null : transaction.execute(status -> groupsIfValid(credentials));
    if (groups == null) {
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
    identityService.setAuthentication(credentials[0], groups);
    try {
      chain.doFilter(request, response);
    } finally {
      identityService.clearAuthentication();
    }
  }

  /** The user's groups when the password is right; null otherwise. */
  private List<String> groupsIfValid(String[] credentials) {
    if (!identityService.checkPassword(credentials[0], credentials[1])) {
      return null;
    }
    return identityService.createGroupQuery().groupMember(credentials[0]).list().stream()
        .map(Group::getId)
        .toList();
  }

  private static String[] basicCredentials(String header) {
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
