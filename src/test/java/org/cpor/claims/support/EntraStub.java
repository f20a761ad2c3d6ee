package org.cpor.claims.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Microsoft Entra ID's public OpenID configuration endpoint as a WireMock stub, answering as Entra
 * does (the bodies under {@code src/test/resources/entra/} are real answers with their IDs
 * replaced).
 */
public final class EntraStub {

  private EntraStub() {}

  /** The request the directory sends for a domain. */
  public static RequestPatternBuilder requestsFor(String domain) {
    return getRequestedFor(urlPathEqualTo(path(domain)));
  }

  /** Asking for this domain. */
  public static MappingBuilder domain(String domain) {
    return get(urlPathEqualTo(path(domain)));
  }

  /**
   * 200: the OpenID configuration of the tenant that has the domain; its issuer names the tenant.
   */
  public static ResponseDefinitionBuilder tenant(String tenantId) {
    return json(200, resource("openid-configuration.json").replace("{tenant}", tenantId));
  }

  /** 400 AADSTS90002: no tenant has the domain. */
  public static ResponseDefinitionBuilder noTenant(String domain) {
    return json(400, resource("no-such-tenant.json").replace("{domain}", domain));
  }

  /** 503, as a front door answers during an outage. */
  public static ResponseDefinitionBuilder outage() {
    return aResponse()
        .withStatus(503)
        .withHeader("Content-Type", "text/html")
        .withBody("<html><body><h1>Service Unavailable</h1></body></html>");
  }

  /** 200 with a body that is not JSON. */
  public static ResponseDefinitionBuilder malformed() {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"token_endpoint\":\"https://login.microsoftonline.com/");
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  private static String path(String domain) {
    return "/" + domain + "/v2.0/.well-known/openid-configuration";
  }

  private static String resource(String name) {
    try (InputStream in = EntraStub.class.getResourceAsStream("/entra/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
