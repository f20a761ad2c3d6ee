package org.cpor.claims.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Profile {@code oidc}: the person Spring Security signed in through the OpenID provider is the
 * Camunda webapps' user, with the groups {@link StaffAccounts} took from the token. Camunda's
 * {@code ContainerBasedAuthenticationFilter} creates this class by name (so it is public); someone
 * without a role of the product is refused (401) instead of getting an empty webapp.
 */
public class SpringSecurityAuthenticationProvider implements AuthenticationProvider {

  @Override
  public AuthenticationResult extractAuthenticatedUser(
      HttpServletRequest request, ProcessEngine engine) {
    Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
    if (signedIn == null
        || !signedIn.isAuthenticated()
        || signedIn instanceof AnonymousAuthenticationToken) {
      return AuthenticationResult.unsuccessful();
    }
    List<String> groups = StaffAccounts.groupsOf(signedIn);
    if (groups.isEmpty()) {
      return AuthenticationResult.unsuccessful(signedIn.getName());
    }
    AuthenticationResult result = AuthenticationResult.successful(signedIn.getName());
    result.setGroups(groups);
    return result;
  }

  @Override
  public void augmentResponseByAuthenticationChallenge(
      HttpServletResponse response, ProcessEngine engine) {
    try {
      response.setContentType("text/html;charset=UTF-8");
      response
          .getWriter()
          .write(
              "<!DOCTYPE html><html lang=\"en\"><head><title>No access</title></head><body>"
                  + "<h1>No access to CPOR claims</h1><p>You are signed in, but your account has"
                  + " no role of CPOR claims (validator, validator lead, analyst or admin). Ask"
                  + " your administrator to assign you one. <a href=\"/logout\">Sign out</a></p>"
                  + "</body></html>");
    } catch (IOException | IllegalStateException e) {
      // The status 401 is answer enough.
    }
  }
}
