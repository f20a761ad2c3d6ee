package org.cpor.claims.security;

import java.time.Duration;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * HTTP Basic against Camunda's identity service on both APIs (in the profile {@code oidc}: bearer
 * tokens, see {@link SingleSignOnConfiguration}), and engine REST narrowed to what each role needs;
 * Actuator closed but for the health status. The webapps keep their own login; the customer's
 * opt-out page needs no account.
 */
@Configuration(proxyBeanMethods = false)
class AuthenticationConfiguration {

  /**
   * HTTP Basic on engine REST, checks remembered for a short time (CheckedCredentials); in the
   * profile oidc bearer tokens instead (TokenCaller).
   */
  @Bean
  @Profile("!oidc")
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication(
      CheckedCredentials checkedCredentials, ProcessEngine processEngine) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(
            new EngineRestBasicAuthentication(checkedCredentials, processEngine.getName()));
    registration.setName("engine-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(100);
    return registration;
  }

  /**
   * After the engine REST authentication (it tells the engine who calls); on the webapps' API it
   * reads the session's login itself, so its place among the webapps' filters does not matter.
   */
  @Bean
  FilterRegistrationBean<EngineApiGate> engineApiGate(
      IdentityService identityService,
      TaskService taskService,
      HistoryService historyService,
      CamundaBpmProperties camunda) {
    String webappPath = camunda.getWebapp().getApplicationPath();
    FilterRegistrationBean<EngineApiGate> registration =
        new FilterRegistrationBean<>(
            new EngineApiGate(
                webappPath,
                identityService::getCurrentAuthentication,
                new TaskVisibility(identityService, taskService, historyService)));
    registration.setName("engine-api-gate");
    registration.addUrlPatterns("/engine-rest/*", webappPath + "/api/*");
    registration.setOrder(110);
    return registration;
  }

  /**
   * Before any authentication: an address that sent too many wrong passwords to the APIs or the
   * webapps' login waits; Camunda's per-user delay and lock are off ({@code
   * camunda.bpm.generic-properties}), so nobody can lock another user out.
   */
  @Bean
  FilterRegistrationBean<AbuseLimits.FailedLogins> failedLoginLimit(
      CamundaBpmProperties camunda,
      @Value("${cpor.abuse.failed-logins-per-address}") int failedLogins,
      @Value("${cpor.abuse.failed-logins-period}") Duration period) {
    FilterRegistrationBean<AbuseLimits.FailedLogins> registration =
        new FilterRegistrationBean<>(
            new AbuseLimits.FailedLogins(new AbuseLimits(failedLogins, period)));
    registration.setName("failed-login-limit");
    registration.addUrlPatterns(
        "/api/*",
        "/engine-rest/*",
        camunda.getWebapp().getApplicationPath() + "/api/admin/auth/user/*");
    registration.setOrder(90);
    return registration;
  }

  /** After the partner API's authentication: it needs to know the partner. */
  @Bean
  FilterRegistrationBean<AbuseLimits.PartnerRequests> partnerRequestLimit(
      CurrentUser currentUser,
      @Value("${cpor.abuse.partner-requests}") int requests,
      @Value("${cpor.abuse.partner-requests-period}") Duration period) {
    FilterRegistrationBean<AbuseLimits.PartnerRequests> registration =
        new FilterRegistrationBean<>(
            new AbuseLimits.PartnerRequests(
                new AbuseLimits(requests, period),
                request -> currentUser.partnerId().orElse(null)));
    registration.setName("partner-request-limit");
    registration.addUrlPatterns("/api/*");
    registration.setOrder(105);
    return registration;
  }

  /** HTTP Basic on the partner API; in the profile oidc bearer tokens instead (TokenCaller). */
  @Bean
  @Profile("!oidc")
  FilterRegistrationBean<ApiAuthenticationFilter> partnerApiAuthentication(
      IdentityService identityService,
      CheckedCredentials checkedCredentials,
      ProcessEngine processEngine) {
    FilterRegistrationBean<ApiAuthenticationFilter> registration =
        new FilterRegistrationBean<>(
            new ApiAuthenticationFilter(
                identityService, checkedCredentials, processEngine.getName()));
    registration.setName("partner-api-authentication");
    registration.addUrlPatterns("/api/*");
    registration.setOrder(100);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ActuatorAccessFilter> actuatorAccess(
      IdentityService identityService, PlatformTransactionManager transactionManager) {
    FilterRegistrationBean<ActuatorAccessFilter> registration =
        new FilterRegistrationBean<>(new ActuatorAccessFilter(identityService, transactionManager));
    registration.setName("actuator-access");
    registration.addUrlPatterns("/actuator", "/actuator/*");
    registration.setOrder(100);
    return registration;
  }
}
