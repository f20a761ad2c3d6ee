package org.cpor.claims.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.cpor.claims.security.Roles;
import org.cpor.claims.support.ClaimFixtures;
import org.cpor.claims.support.CporSpringTest;
import org.cpor.claims.support.Http;
import org.cpor.claims.support.TestSmtp;
import org.cpor.claims.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Validators and validator leads see and work every review task of the claim process through one
 * grant on its definition: a waiting claim adds no authorization row, so their Tasklist filter does
 * not slow down as claims wait (issue 18). Other processes' tasks keep Camunda's grant per task and
 * candidate group.
 */
@CporSpringTest
class ReviewTaskGrantsTest {

  @RegisterExtension static GreenMailExtension smtp = TestSmtp.server();

  @LocalServerPort int port;
  @Autowired IdentityService identityService;
  @Autowired RuntimeService runtimeService;
  @Autowired TaskService taskService;
  @Autowired RepositoryService repositoryService;
  @Autowired AuthorizationService authorizationService;
  @Autowired FilterService filterService;
  @Autowired ClaimProcessGrants grants;
  @Autowired JdbcClient jdbc;

  private String partnerId;
  private Http validator;
  private Http leadOnly;

  @BeforeEach
  void setUp() {
    partnerId = ClaimFixtures.newRegisteredPartner(jdbc);
    TestUsers.partner(identityService, partnerId);
    validator = Http.to(port).as(TestUsers.validator(identityService), TestUsers.PASSWORD);
    TestUsers.user(identityService, "test-lead-only", Roles.VALIDATOR_LEADS);
    leadOnly = Http.to(port).as("test-lead-only", TestUsers.PASSWORD);
  }

  @Test
  void waitingClaimsAddNoAuthorizationRowsAndReviewersStillSeeAndWorkThem() {
    String first = reviewTask();
    String second = reviewTask();

    assertThat(grantsOnTask(first) + grantsOnTask(second)).isZero();

    String filterId =
        filterService
            .createFilterQuery()
            .filterName(ValidatorTaskFilter.NAME)
            .singleResult()
            .getId();
    for (Http reviewer : List.of(validator, leadOnly)) {
      Http.Answer cards =
          reviewer.send(
              "POST",
              "/engine-rest/filter/" + filterId + "/list?firstResult=0&maxResults=2000",
              "application/json",
              "{}",
              Map.of("Accept", "application/hal+json"));
      assertThat(cards.status()).isEqualTo(200);
      assertThat(cards.json().path("_embedded").path("task").findValuesAsText("id"))
          .contains(first, second);
      assertThat(reviewer.get("/engine-rest/task/" + first + "/form-variables").status())
          .isEqualTo(200);
    }
    assertThat(
            validator
                .postJson(
                    "/engine-rest/task/" + first + "/claim", Map.of("userId", "test-validator"))
                .status())
        .isEqualTo(204);
    assertThat(taskService.createTaskQuery().taskId(first).singleResult().getAssignee())
        .isEqualTo("test-validator");

    // The partner who made the claim sees no task of it, over engine REST or the engine.
    Http partner = Http.to(port).as("partner-user-" + partnerId, TestUsers.PASSWORD);
    Http.Answer partnersTasks = partner.get("/engine-rest/task?taskId=" + second);
    assertThat(partnersTasks.status() == 403 || partnersTasks.json().isEmpty())
        .as("the partner's view of the review task: %s", partnersTasks.body())
        .isTrue();
    assertThat(
            TestUsers.asPartner(
                identityService,
                partnerId,
                () -> taskService.createTaskQuery().taskId(second).count()))
        .isZero();
  }

  /**
   * The grant on the definition covers every task of the claim process; it may only do so while
   * both groups are candidates of each of its user tasks (a task for one group alone would be open
   * to the other).
   */
  @Test
  void everyUserTaskOfTheClaimProcessIsForBothReviewerGroups() {
    String latest =
        repositoryService
            .createProcessDefinitionQuery()
            .processDefinitionKey(ClaimProcess.PROCESS_KEY)
            .latestVersion()
            .singleResult()
            .getId();
    var userTasks =
        repositoryService.getBpmnModelInstance(latest).getModelElementsByType(UserTask.class);

    assertThat(userTasks).isNotEmpty();
    assertThat(userTasks)
        .allSatisfy(
            task ->
                assertThat(List.of(task.getCamundaCandidateGroups().split("\\s*,\\s*")))
                    .as("candidate groups of %s", task.getId())
                    .containsExactlyInAnyOrderElementsOf(ClaimProcessGrants.REVIEWERS));
  }

  @Test
  void anotherProcessesCandidateGroupsKeepTheirGrantPerTask() {
    repositoryService
        .createDeployment()
        .addModelInstance(
            "other-team.bpmn",
            Bpmn.createExecutableProcess("other-team-review")
                .camundaHistoryTimeToLive(180)
                .startEvent()
                .userTask("Task_OtherReview")
                .camundaCandidateGroups(Roles.VALIDATORS + ",auditors")
                .endEvent()
                .done())
        .deploy();
    String instance = runtimeService.startProcessInstanceByKey("other-team-review").getId();
    String task = taskService.createTaskQuery().processInstanceId(instance).singleResult().getId();

    assertThat(grantedGroups(task)).containsExactlyInAnyOrder(Roles.VALIDATORS, "auditors");
  }

  @Test
  void grantsPerTaskFromAnEarlierReleaseAreRemovedAtStart() {
    String task = reviewTask();
    for (String group : List.of(Roles.VALIDATORS, Roles.VALIDATOR_LEADS, "auditors")) {
      Authorization grant =
          authorizationService.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      grant.setGroupId(group);
      grant.setResource(Resources.TASK);
      grant.setResourceId(task);
      grant.addPermission(Permissions.READ);
      grant.addPermission(Permissions.UPDATE);
      authorizationService.saveAuthorization(grant);
    }

    assertThat(grants.removeTaskGrantsOfReviewers()).isGreaterThanOrEqualTo(2);

    assertThat(grantedGroups(task)).containsExactly("auditors");
    assertThat(validator.get("/engine-rest/task/" + task).status()).isEqualTo(200);
  }

  private String reviewTask() {
    String instance =
        runtimeService
            .startProcessInstanceByKey(
                ClaimProcess.PROCESS_KEY,
                ClaimFixtures.claim(partnerId, ClaimFixtures.registerTenant(jdbc)))
            .getId();
    return taskService.createTaskQuery().processInstanceId(instance).singleResult().getId();
  }

  private long grantsOnTask(String taskId) {
    return authorizationService
        .createAuthorizationQuery()
        .resourceType(Resources.TASK)
        .resourceId(taskId)
        .count();
  }

  private List<String> grantedGroups(String taskId) {
    return authorizationService
        .createAuthorizationQuery()
        .resourceType(Resources.TASK)
        .resourceId(taskId)
        .list()
        .stream()
        .map(Authorization::getGroupId)
        .toList();
  }
}
