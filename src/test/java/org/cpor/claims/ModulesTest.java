package org.cpor.claims;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The application's modules (one per top-level package) depend on each other one way only, and use
 * only what another module publishes. The module diagram in docs/modules is drawn from the same model.
 */
class ModulesTest {

  static final ApplicationModules MODULES = ApplicationModules.of(CporClaimsApplication.class);

  @Test
  void dependenciesRunOneWay() {
    MODULES.verify();
  }

  @Test
  void documentation() {
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
        .writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml()
        .writeModuleCanvases();
  }
}
