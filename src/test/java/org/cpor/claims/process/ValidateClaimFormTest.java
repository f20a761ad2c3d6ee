package org.cpor.claims.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.cpor.claims.claim.Activity;
import org.cpor.claims.claim.Decision;
import org.cpor.claims.claim.InformationReason;
import org.cpor.claims.claim.SolutionArea;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator's Camunda Form and the code speak the same words: every option a validator can pick
 * is a value the process accepts, every value the process accepts can be picked, and every field
 * the form binds is one of the process's variables.
 */
class ValidateClaimFormTest {

  static final Map<String, List<String>> OPTIONS = new HashMap<>();
  static final List<String> KEYS = new ArrayList<>();
  static final Map<String, List<String>> DISPUTE_OPTIONS = new HashMap<>();
  static final List<String> DISPUTE_KEYS = new ArrayList<>();

  @BeforeAll
  static void readForm() throws IOException {
    read("/bpmn/validate-claim.form", OPTIONS, KEYS);
    read("/bpmn/review-dispute.form", DISPUTE_OPTIONS, DISPUTE_KEYS);
  }

  private static void read(String path, Map<String, List<String>> options, List<String> keys)
      throws IOException {
    try (InputStream form = ValidateClaimFormTest.class.getResourceAsStream(path)) {
      collect(new ObjectMapper().readTree(form), options, keys);
    }
  }

  @Test
  void theDisputeReviewersChoicesAreTheProcesssValuesAndEveryFieldIsAVariable()
      throws IllegalAccessException {
    assertThat(DISPUTE_OPTIONS.get(ClaimProcess.Variables.DISPUTE_DECISION))
        .containsExactlyInAnyOrderElementsOf(
            names(DisputeDecisionListener.DisputeDecision.values()));
    assertThat(DISPUTE_OPTIONS.get(ClaimProcess.Variables.SOLUTION_AREA))
        .containsExactlyInAnyOrderElementsOf(names(SolutionArea.values()));
    assertThat(DISPUTE_KEYS)
        .contains(
            ClaimProcess.Variables.DISPUTE_REASON,
            ClaimProcess.Variables.REJECTION_DETAIL,
            ClaimProcess.Variables.REJECTED_BY,
            ClaimProcess.Variables.DISPUTE_COMMENT)
        .allSatisfy(key -> assertThat(processVariables()).contains(key));
  }

  @Test
  void theValidatorsChoicesAreTheProcesssValues() {
    assertThat(OPTIONS.get(ClaimProcess.Variables.DECISION))
        .containsExactlyInAnyOrderElementsOf(names(Decision.values()));
    assertThat(OPTIONS.get(ClaimProcess.Variables.INFORMATION_REASON))
        .containsExactlyInAnyOrderElementsOf(names(InformationReason.values()));
    assertThat(OPTIONS.get(ClaimProcess.Variables.REJECTION_REASON))
        .containsExactlyInAnyOrderElementsOf(
            ValidatorDecisionListener.VALIDATOR_REJECTION_REASONS.stream()
                .map(Enum::name)
                .toList());
  }

  @Test
  void theClaimsFieldsShowTheCodesValues() {
    assertThat(OPTIONS.get(ClaimProcess.Variables.SOLUTION_AREA))
        .containsExactlyInAnyOrderElementsOf(names(SolutionArea.values()));
    assertThat(OPTIONS.get(ClaimProcess.Variables.ACTIVITY))
        .containsExactlyInAnyOrderElementsOf(names(Activity.values()));
  }

  @Test
  void theValidatorSeesTheCustomersAndThePartnersLanguage() {
    assertThat(KEYS)
        .contains(
            ClaimProcess.Variables.CUSTOMER_LANGUAGE, ClaimProcess.Variables.PARTNER_LANGUAGE);
    assertThat(ReviewFormVariables.NAMES)
        .contains(
            ClaimProcess.Variables.CUSTOMER_LANGUAGE, ClaimProcess.Variables.PARTNER_LANGUAGE);
  }

  @Test
  void everyBoundFieldIsAProcessVariable() throws IllegalAccessException {
    Set<String> variables = processVariables();
    assertThat(KEYS).isNotEmpty().allSatisfy(key -> assertThat(variables).contains(key));
  }

  private static Set<String> processVariables() throws IllegalAccessException {
    Set<String> variables = new HashSet<>();
    for (Field field : ClaimProcess.Variables.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        variables.add((String) field.get(null));
      }
    }
    return variables;
  }

  private static void collect(JsonNode node, Map<String, List<String>> options, List<String> keys) {
    for (JsonNode component : node.path("components")) {
      if (component.hasNonNull("key")) {
        keys.add(component.get("key").asText());
      }
      if (component.has("values")) {
        List<String> values = new ArrayList<>();
        component.get("values").forEach(value -> values.add(value.get("value").asText()));
        options.put(component.get("key").asText(), values);
      }
      collect(component, options, keys);
    }
  }

  private static List<String> names(Enum<?>[] constants) {
    return Arrays.stream(constants).map(Enum::name).collect(Collectors.toList());
  }
}
