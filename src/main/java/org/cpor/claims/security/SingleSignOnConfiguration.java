package org.cpor.claims.security;

import jakarta.servlet.DispatcherType;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Profile {@code oidc}: staff sign in to the webapps through the OpenID provider (authorization
 * code flow); the partner API and engine REST take only bearer tokens of the provider (resource
 * server: issuer, signature from its JWKS, expiry, audience). Basic and Camunda's login form are
 * off, so there is no password to guess and nobody to lock out.
 */
@Configuration(proxyBeanMethods = false)
@Profile("oidc")
@EnableWebSecurity
class SingleSignOnConfiguration {

  private static final PathPatternRequestMatcher.Builder PATHS =
      PathPatternRequestMatcher.withDefaults();

  /** The partner API and engine REST: a valid bearer token or 401; no session, no redirect. */
  @Bean
  @Order(1)
  SecurityFilterChain apiTokens(HttpSecurity http) throws Exception {
    http.securityMatcher(
            new OrRequestMatcher(PATHS.matcher("/api/**"), PATHS.matcher("/engine-rest/**")))
        .csrf(csrf -> csrf.disable())
        .headers(headers -> headers.disable())
        .requestCache(cache -> cache.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests ->
                requests
                    // The Cockpit plugin's analytics also take the webapp session (TokenCaller).
                    .requestMatchers(
                        PATHS.matcher(HttpMethod.GET, ApiAuthenticationFilter.SESSION_PATH + "**"))
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()));
    return http.build();
  }

  /**
   * The webapps: signing in goes through the provider; Camunda's own password login is refused. The
   * webapps keep their own CSRF protection and security headers (Camunda's filters).
   */
  @Bean
  @Order(2)
  SecurityFilterChain webappSignOn(
      HttpSecurity http,
      CamundaBpmProperties camunda,
      StaffAccounts staffAccounts,
      ClientRegistrationRepository clients,
      TokenClaims claims)
      throws Exception {
    String webapp = camunda.getWebapp().getApplicationPath();
    http.csrf(csrf -> csrf.disable())
        .headers(headers -> headers.disable())
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(
                        PATHS.matcher(HttpMethod.POST, webapp + "/api/admin/auth/user/*/login/**"),
                        PATHS.matcher(webapp + "/api/admin/setup/**"))
                    .denyAll()
                    .requestMatchers(
                        PATHS.matcher(webapp + "/app/**"),
                        PATHS.matcher(webapp + "/api/**"),
                        PATHS.matcher(webapp + "/lib/**"))
                    .authenticated()
                    .anyRequest()
                    .permitAll())
        .oauth2Login(login -> login.userInfoEndpoint(user -> user.oidcUserService(staffAccounts)))
        .logout(
            logout ->
                logout
                    .logoutRequestMatcher(
                        new OrRequestMatcher(
                            PATHS.matcher(
                                HttpMethod.POST, webapp + "/api/admin/auth/user/*/logout"),
                            PATHS.matcher(HttpMethod.GET, "/logout"),
                            PATHS.matcher(HttpMethod.POST, "/logout")))
                    .invalidateHttpSession(true)
                    .clearAuthentication(true)
                    .deleteCookies("JSESSIONID")
                    .logoutSuccessHandler(loggedOut(webapp, clients, claims)));
    return http.build();
  }

  /**
   * The webapps' "Log out" is a request of their script: it gets 204 as from Camunda, and the
   * session is gone. {@code /logout} is a page: with RP-initiated logout it goes on to the
   * provider's end-session endpoint (which ends the provider's session and sends the browser back
   * here), otherwise it says that the person is signed out.
   */
  private static LogoutSuccessHandler loggedOut(
      String webapp, ClientRegistrationRepository clients, TokenClaims claims) {
    OidcClientInitiatedLogoutSuccessHandler atProvider =
        new OidcClientInitiatedLogoutSuccessHandler(clients);
    atProvider.setPostLogoutRedirectUri("{baseUrl}" + webapp + "/app/");
    RequestMatcher webappScript = PATHS.matcher(webapp + "/api/**");
    return (request, response, authentication) -> {
      if (webappScript.matches(request)) {
        response.setStatus(204);
      } else if (claims.rpInitiatedLogout() && authentication != null) {
        atProvider.onLogoutSuccess(request, response, authentication);
      } else {
        response.setContentType("text/html;charset=UTF-8");
        response
            .getWriter()
            .write(
                "<!DOCTYPE html><html lang=\"en\"><head><title>Signed out</title></head><body>"
                    + "<h1>Signed out of CPOR claims</h1><p><a href=\""
                    + request.getContextPath()
                    + webapp
                    + "/app/\">Sign in again</a></p></body></html>");
      }
    };
  }

  @Bean
  StaffAccounts staffAccounts(IdentityService identityService, TokenClaims claims) {
    return new StaffAccounts(identityService, claims);
  }

  /** After Spring Security's filters: the signed-in person becomes the webapps' Camunda user. */
  @Bean
  FilterRegistrationBean<ContainerBasedAuthenticationFilter> webappUserFromSignOn(
      CamundaBpmProperties camunda) {
    String webapp = camunda.getWebapp().getApplicationPath();
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter());
    registration.setName("webapp-single-sign-on");
    registration.setInitParameters(
        Map.of(
            ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
            SpringSecurityAuthenticationProvider.class.getName()));
    registration.addUrlPatterns(webapp + "/app/*", webapp + "/api/*");
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setOrder(201);
    return registration;
  }

  /**
   * Where HTTP Basic told the engine who calls (AuthenticationConfiguration), the token does: same
   * place in the chain, before the partner limit and the engine API gate.
   */
  @Bean
  FilterRegistrationBean<TokenCaller> apiTokenCaller(
      IdentityService identityService, TokenClaims claims, ProcessEngine processEngine) {
    FilterRegistrationBean<TokenCaller> registration =
        new FilterRegistrationBean<>(
            new TokenCaller(identityService, claims, processEngine.getName()));
    registration.setName("api-token-caller");
    registration.addUrlPatterns("/api/*", "/engine-rest/*");
    registration.setOrder(100);
    return registration;
  }
}
