package org.cpor.claims.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The partner API's contract: the running application's document is the committed one (from which
 * the test client is generated and which the lint checks), and it documents every answer.
 */
@CporSpringTest
class PartnerApiContractTest {

  /**
   * The committed contract; {@code -Dcpor.openapi.refresh=true} rewrites it from the running app.
   */
  static final Path SNAPSHOT = Path.of("src/test/resources/openapi/partner-api.json");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static final String CONTRACT = "/v3/api-docs/partner";

  @LocalServerPort int port;

  @Value("${cpor.api.public-url}")
  String publicUrl;

  @Test
  void theRunningApplicationServesTheCommittedContract() throws IOException {
    JsonNode served = Http.to(port).get(CONTRACT).json();
    if (Boolean.getBoolean("cpor.openapi.refresh")) {
      Files.createDirectories(SNAPSHOT.getParent());
      Files.writeString(SNAPSHOT, JSON.writeValueAsString(served) + "\n", StandardCharsets.UTF_8);
    }
    JsonNode committed = JSON.readTree(SNAPSHOT.toFile());
    assertThat(served)
        .as(
            "The partner API's document ("
                + CONTRACT
                + ") differs from "
                + SNAPSHOT
                + ", the contract partners and the generated client rely on. If the change is"
                + " meant, refresh the copy and commit it: ./mvnw verify"
                + " -Dtest=PartnerApiContractTest -Dcpor.openapi.refresh=true"
                + " (then see docs/integration.md for the lint)")
        .isEqualTo(committed);
  }

  @Test
  void everyErrorAnswerIsAProblemDetailAndEveryOperationNamesItsErrors() {
    JsonNode document = Http.to(port).get(CONTRACT).json();
    List<String> operations = new ArrayList<>();
    document
        .get("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fields()
                    .forEachRemaining(
                        method -> {
                          JsonNode operation = method.getValue();
                          operations.add(operation.get("operationId").asText());
                          JsonNode responses = operation.get("responses");
                          assertThat(responses.has("401") && responses.has("429"))
                              .as(method.getKey() + " " + path.getKey())
                              .isTrue();
                          responses
                              .fields()
                              .forEachRemaining(
                                  response -> {
                                    if (response.getKey().startsWith("4")) {
                                      assertThat(
                                              response
                                                  .getValue()
                                                  .at(
                                                      "/content/application~1problem+json/schema/$ref")
                                                  .asText())
                                          .as(response.getKey() + " of " + path.getKey())
                                          .isEqualTo("#/components/schemas/Problem");
                                    }
                                  });
                        }));
    assertThat(operations).doesNotHaveDuplicates().doesNotContain("null", "");
    assertThat(operations)
        .contains(
            "submitClaim",
            "listClaims",
            "exportClaims",
            "getClaim",
            "answerInformationRequest",
            "withdrawClaim",
            "disputeRejection",
            "downloadProofOfExecution",
            "listAssociations",
            "exportAssociations",
            "getOwnOrganisation");
    assertThat(document.at("/paths/~1api~1claims/post/responses").fieldNames())
        .toIterable()
        .containsExactly("201", "400", "401", "403", "409", "413", "415", "422", "429");
    assertThat(document.at("/components/schemas/Problem/properties").fieldNames())
        .toIterable()
        .contains("type", "title", "status", "detail", "instance", "errors", "claimId");
    assertThat(document.at("/servers/0/url").asText())
        .isEqualTo(publicUrl)
        .isNotEqualTo("http://localhost:8080");
    assertThat(document.at("/components/securitySchemes").fieldNames())
        .toIterable()
        .containsExactly("basic", "bearer");
  }

  @Test
  void theStaffOperationsAreInTheirOwnDocumentAndTheFullOneHasBoth() {
    JsonNode partner = Http.to(port).get(CONTRACT).json().get("paths");
    JsonNode staff = Http.to(port).get("/v3/api-docs/staff").json().get("paths");
    assertThat(partner.fieldNames()).toIterable().noneMatch(path -> path.startsWith("/api/admin"));
    assertThat(partner.fieldNames())
        .toIterable()
        .noneMatch(path -> path.startsWith("/api/analytics"));
    assertThat(staff.has("/api/admin/partners")).isTrue();
    assertThat(staff.has("/api/analytics/claims/summary")).isTrue();
    JsonNode all = Http.to(port).get("/v3/api-docs").json().get("paths");
    assertThat(all.has("/api/claims") && all.has("/api/admin/partners")).isTrue();
  }
}
