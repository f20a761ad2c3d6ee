package org.cpor.claims.analytics;

import org.cpor.claims.calendar.Deadlines;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.springframework.stereotype.Component;

/**
 * Fills table claim_stage (V21) from the history written before it existed. A Java migration,
 * registered by Spring Boot's Flyway set-up as a bean, because a review round's due time is five
 * business days on the configured calendar. Runs once, under Flyway's lock, in the migration's
 * transaction.
 */
@Component
class V21_1__EndedStagesBackfill extends BaseJavaMigration {

  private final Deadlines deadlines;

  V21_1__EndedStagesBackfill(Deadlines deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void migrate(Context context) throws Exception {
    EndedStages.backfill(context.getConnection(), deadlines);
  }
}
