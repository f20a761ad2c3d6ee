package org.cpor.claims.operations;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The races on PostgreSQL, the cluster's database, whose locks and isolation differ from H2's. */
@SpringBootTest
@ActiveProfiles({"test", "postgres"})
// Its own database, closed after the class: the context goes with it.
@DirtiesContext
class RacingEventsOnPostgresTest extends RacingEvents {

  static EmbeddedPostgres postgres;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws IOException {
    postgres = EmbeddedPostgres.start();
    registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Override
  int rounds() {
    // Fewer rounds than on H2 by default: each round costs more, and the H2 run covers the long
    // tail.
    return Integer.getInteger("cpor.race.rounds", 40);
  }
}
