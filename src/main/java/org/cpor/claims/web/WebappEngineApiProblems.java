package org.cpor.claims.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Tasklist and Cockpit reach the engine through the webapps' own copy of engine REST ("Engine Api"
 * servlet, {@code /camunda/api/engine/*}). Without this, input the claim process refuses there (a
 * validator's form, the four-eyes rule) is answered 500; with it, 400 or 403 problem details, as on
 * {@code /engine-rest}. Tomcat runs this initializer after Spring Boot's, which is where Camunda's
 * webapp initializer registers that servlet.
 */
@Component
class WebappEngineApiProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  private static final Logger log = LoggerFactory.getLogger(WebappEngineApiProblems.class);
  static final String ENGINE_API_SERVLET = "Engine Api";

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(
        context ->
            context.addServletContainerInitializer(
                (classes, servletContext) -> registerProblems(servletContext), null));
  }

  static void registerProblems(ServletContext servletContext) {
    ServletRegistration engineApi = servletContext.getServletRegistration(ENGINE_API_SERVLET);
    if (engineApi == null) {
      log.warn("No '{}' servlet: the webapps' engine API keeps its own errors", ENGINE_API_SERVLET);
      return;
    }
    engineApi.setInitParameter(
        "jersey.config.server.provider.classnames",
        EngineRestProblems.RestExceptions.class.getName()
            + ","
            + EngineRestProblems.ProcessEngineExceptions.class.getName());
  }
}
