package org.cpor.claims.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The partner API's OpenAPI description, served at /v3/api-docs with the UI at /swagger-ui.html.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  @Bean
  OpenAPI partnerApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("CPOR partner API")
                .version("1")
                .description(
                    "Partners submit and follow their Claiming Partner of Record claims. HTTP Basic with the "
                        + "partner user's login; errors are RFC 7807 problem details."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")));
  }
}
