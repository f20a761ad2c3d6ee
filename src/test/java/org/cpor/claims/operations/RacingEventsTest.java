package org.cpor.claims.operations;

import org.cpor.claims.support.CporSpringTest;

/** The races on H2, the embedded default database. */
@CporSpringTest
class RacingEventsTest extends RacingEvents {

  @Override
  int rounds() {
    return Integer.getInteger("cpor.race.rounds", 60);
  }
}
