package org.cpor.claims.claim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The workloads and products that can be claimed, per solution area ({@code cpor.catalogue}). */
@ConfigurationProperties("cpor")
record WorkloadCatalogue(Map<SolutionArea, List<String>> catalogue) {

  public WorkloadCatalogue {
    catalogue = catalogue == null ? Map.of() : Map.copyOf(catalogue);
  }

  public List<String> workloadsOf(SolutionArea area) {
    return catalogue.getOrDefault(area, List.of());
  }

  /** The catalogue's spelling of a workload, matched without regard to case. */
  public Optional<String> find(SolutionArea area, String workload) {
    return workloadsOf(area).stream()
        .filter(known -> known.equalsIgnoreCase(workload.trim()))
        .findFirst();
  }
}
