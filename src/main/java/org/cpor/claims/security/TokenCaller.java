package org.cpor.claims.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Profile {@code oidc}: tells the engine who calls the partner API or engine REST with a bearer
 * token that Spring Security's resource server has checked (issuer, signature, expiry, audience).
 * The caller gets the groups HTTP Basic gives a Camunda user: a partner system the groups {@code
 * partners} and {@code partner-<MPN ID>} from its roles and partner ID claims, so that {@link
 * CurrentUser}, the abuse limits, {@link EngineApiGate} and engine authorization treat it as they
 * treat a partner user. As with Basic, the read-only analytics also take a webapp session.
 */
class TokenCaller extends OncePerRequestFilter {

  private final IdentityService identityService;
  private final TokenClaims claims;
  private final String engineName;

  TokenCaller(IdentityService identityService, TokenClaims claims, String engineName) {
    this.identityService = identityService;
    this.claims = claims;
    this.engineName = engineName;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication caller;
    if (SecurityContextHolder.getContext().getAuthentication()
        instanceof JwtAuthenticationToken token) {
      Jwt jwt = token.getToken();
      List<String> groups = new ArrayList<>(claims.groupsOf(jwt.getClaim(claims.rolesClaim())));
      if (groups.contains(Roles.PARTNERS)) {
        Optional<String> partnerId = claims.partnerIdOf(jwt.getClaim(claims.partnerIdClaim()));
        if (partnerId.isEmpty()) {
          forbidden(
              response,
              "The token has the role partners but no partner ID: its claim "
                  + claims.partnerIdClaim()
                  + " must carry the partner's MPN ID (4 to 10 digits).");
          return;
        }
        groups.add(Roles.partnerGroup(partnerId.get()));
      }
      if (groups.isEmpty()) {
        forbidden(
            response,
            "The token carries no role of this application in its claim "
                + claims.rolesClaim()
                + ".");
        return;
      }
      caller = new Authentication(token.getName(), groups);
    } else {
      caller = ApiAuthenticationFilter.webappUser(request, engineName);
    }
    if (caller == null) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Bearer");
      problem(response, 401, "Unauthorized", "Send an OAuth2 access token: Authorization: Bearer.");
      return;
    }
    identityService.setAuthentication(caller);
    try {
      chain.doFilter(request, response);
    } finally {
      identityService.clearAuthentication();
    }
  }

  private static void forbidden(HttpServletResponse response, String detail) throws IOException {
    problem(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", detail);
  }

  private static void problem(HttpServletResponse response, int status, String title, String detail)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    response
        .getWriter()
        .write(
            "{\"type\":\"about:blank\",\"title\":\""
                + title
                + "\",\"status\":"
                + status
                + ",\"detail\":\""
                + detail.replace("\"", "'")
                + "\"}");
  }
}
