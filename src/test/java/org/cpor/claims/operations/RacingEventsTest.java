package org.cpor.claims.operations;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The races on H2, the embedded default database. */
@SpringBootTest
@ActiveProfiles("test")
class RacingEventsTest extends RacingEvents {

  @Override
  int rounds() {
    return Integer.getInteger("cpor.race.rounds", 200);
  }
}
