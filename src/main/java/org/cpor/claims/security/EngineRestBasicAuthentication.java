package org.cpor.claims.security;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * Camunda's authentication filter for engine REST with HTTP Basic, checked once for the password,
 * groups and tenants and remembered for a short time ({@link CheckedCredentials}) instead of three
 * engine commands per request. The challenge on a failed login is Camunda's.
 */
class EngineRestBasicAuthentication extends ProcessEngineAuthenticationFilter {

  private final CheckedCredentials checkedCredentials;
  private final String engineName;

  EngineRestBasicAuthentication(CheckedCredentials checkedCredentials, String engineName) {
    this.checkedCredentials = checkedCredentials;
    this.engineName = engineName;
  }

  @Override
  public void init(FilterConfig filterConfig) {
    authenticationProvider = new Remembered();
    servletPathPrefix = filterConfig.getInitParameter(SERVLET_PATH_PREFIX);
  }

  /** HTTP Basic through the remembered checks, for this application's engine. */
  private final class Remembered extends HttpBasicAuthenticationProvider {

    @Override
    public AuthenticationResult extractAuthenticatedUser(
        HttpServletRequest request, ProcessEngine engine) {
      if (!engineName.equals(engine.getName())) {
        return super.extractAuthenticatedUser(request, engine);
      }
      String[] credentials =
          ApiAuthenticationFilter.basicCredentials(request.getHeader("Authorization"));
      if (credentials == null) {
        return AuthenticationResult.unsuccessful();
      }
      CheckedCredentials.Caller caller = checkedCredentials.check(credentials[0], credentials[1]);
      if (caller == null) {
        return AuthenticationResult.unsuccessful(credentials[0]);
      }
      AuthenticationResult result = AuthenticationResult.successful(caller.userId());
      result.setGroups(caller.groups());
      result.setTenants(caller.tenants());
      return result;
    }
  }
}
