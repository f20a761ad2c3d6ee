package org.cpor.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The application's modules (one per top-level package) depend on each other one way only, and use
 * only what another module publishes. The module diagram in docs/modules is drawn from the same
 * model, and kept current: {@code ./mvnw test -Dtest=ModulesTest -Dmodules.docs.update=true}
 * redraws it.
 */
class ModulesTest {

  static final ApplicationModules MODULES = ApplicationModules.of(CporClaimsApplication.class);
  static final Path COMMITTED = Path.of("docs", "modules");

  @Test
  void dependenciesRunOneWay() {
    MODULES.verify();
  }

  @Test
  void theModuleDiagramIsCurrent() throws IOException {
    boolean update = Boolean.getBoolean("modules.docs.update");
    Path output = update ? COMMITTED : Path.of("target", "modules-docs");
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(output.toString()))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();

    // The documenter writes the same diagram in a different order from run to run: compare the
    // lines.
    assertThat(sortedLines(COMMITTED.resolve("components.puml")))
        .as(
            "docs/modules is out of date: run ./mvnw test -Dtest=ModulesTest -Dmodules.docs.update=true")
        .isEqualTo(sortedLines(output.resolve("components.puml")));
  }

  private static List<String> sortedLines(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .sorted()
        .toList();
  }
}
