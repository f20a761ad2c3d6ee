package org.cpor.claims.process;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.cpor.claims.security.AsSystem;
import org.cpor.claims.security.CurrentUser;
import org.cpor.claims.security.Roles;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admins move the claims in flight to the latest model after a release that changed it. */
@RestController
@RequestMapping("/api/admin")
@Tag(name = "Upgrades", description = "Migration of claims in flight to the latest model")
class ClaimMigrationController {

  private final ClaimMigration migration;
  private final CurrentUser currentUser;
  private final AsSystem asSystem;

  ClaimMigrationController(ClaimMigration migration, CurrentUser currentUser, AsSystem asSystem) {
    this.migration = migration;
    this.currentUser = currentUser;
    this.asSystem = asSystem;
  }

  @Operation(
      summary =
          "Admins: migrate every claim of an older model version to the latest one (dryRun=true"
              + " only reports what would be migrated and what could not)")
  @PostMapping("/migrations")
  public ClaimMigration.Report migrate(
      @Parameter(description = "only report, change nothing")
          @RequestParam(name = "dryRun", defaultValue = "false")
          boolean dryRun) {
    if (!currentUser.isIn(Roles.ADMINS)) {
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.FORBIDDEN, "Only admins (group 'camunda-admin') migrate claims");
      problem.setType(URI.create("about:blank"));
      throw new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
    }
    // Every claim of every older version, beyond the webapps' page limit (queryMaxResultsLimit).
    return asSystem.call(() -> migration.migrateToLatest(dryRun));
  }
}
