package org.cpor.claims.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * HTTP Basic against Camunda's identity service on both APIs. The webapps keep their own login; the
 * customer's opt-out page needs no account.
 */
@Configuration(proxyBeanMethods = false)
class AuthenticationConfiguration {

  @Bean
  FilterRegistrationBean<ProcessEngineAuthenticationFilter> engineRestAuthentication() {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("engine-rest-authentication");
    registration.addUrlPatterns("/engine-rest/*");
    registration.addInitParameter("authentication-provider", HttpBasicAuthenticationProvider.class.getName());
    registration.setOrder(100);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ApiAuthenticationFilter> partnerApiAuthentication(
      IdentityService identityService, PlatformTransactionManager transactionManager) {
    FilterRegistrationBean<ApiAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ApiAuthenticationFilter(identityService, transactionManager));
    registration.setName("partner-api-authentication");
    registration.addUrlPatterns("/api/*");
    registration.setOrder(100);
    return registration;
  }
}
