package org.cpor.claims.tenant;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.cpor.claims.support.EntraStub.domain;
import static org.cpor.claims.support.EntraStub.noTenant;
import static org.cpor.claims.support.EntraStub.tenant;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The benchmark's measurement of the tenant check against Microsoft Entra (a local WireMock stub):
 * each domain asked once with an empty cache, then many lookups with a warm cache, with the
 * application's default settings. The hit rate is the adapter's own counters, as {@code
 * cpor.tenant.directory.lookups} reports it in production.
 */
public final class EntraLookupBenchmark {

  private EntraLookupBenchmark() {}

  /**
   * {@code domains} customers (one in ten has no tenant), then {@code lookups} lookups drawn among
   * them.
   */
  public static Map<String, Object> measure(int domains, int lookups) {
    WireMockServer entra =
        new WireMockServer(wireMockConfig().dynamicPort().disableRequestJournal());
    entra.start();
    try {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < domains; i++) {
        String name = "bench-" + i + ".example.com";
        entra.stubFor(
            domain(name)
                .willReturn(i % 10 == 9 ? noTenant(name) : tenant(UUID.randomUUID().toString())));
        names.add(name);
      }
      // The application's defaults (application.yaml has the same), pointed at the stub.
      TenantDirectoryProperties properties =
          new Binder(
                  new MapConfigurationPropertySource(
                      Map.of("cpor.tenant-directory.entra.base-url", entra.baseUrl())))
              .bindOrCreate("cpor.tenant-directory", TenantDirectoryProperties.class);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      EntraTenantDirectory directory = new EntraTenantDirectory(properties.entra(), meters);

      long[] cold = new long[domains];
      for (int i = 0; i < domains; i++) {
        long start = System.nanoTime();
        directory.tenantOf(names.get(i));
        cold[i] = System.nanoTime() - start;
      }
      Random random = new Random(42);
      long[] warm = new long[lookups];
      for (int round = 0; round < 2; round++) { // the first round lets the JIT compile the lookup
        for (int i = 0; i < lookups; i++) {
          String name = names.get(random.nextInt(domains));
          long start = System.nanoTime();
          directory.tenantOf(name);
          warm[i] = System.nanoTime() - start;
        }
      }

      double hits = count(meters, "hit");
      double misses = count(meters, "miss");
      Arrays.sort(cold);
      Arrays.sort(warm);
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("domains", domains);
      figures.put("coldMissP50ms", round(cold[domains / 2] / 1e6));
      figures.put("coldMissP95ms", round(cold[(int) (domains * 0.95)] / 1e6));
      figures.put("warmLookups", lookups);
      figures.put("warmHitP50us", round(warm[lookups / 2] / 1e3));
      figures.put("warmHitP95us", round(warm[(int) (lookups * 0.95)] / 1e3));
      figures.put("cacheHits", (long) hits);
      figures.put("cacheMisses", (long) misses);
      figures.put("hitRate", Math.round(hits / (hits + misses) * 10_000) / 10_000.0);
      figures.put("circuit", directory.circuitState().name());
      return figures;
    } finally {
      entra.stop();
    }
  }

  private static double count(SimpleMeterRegistry meters, String cache) {
    return meters.find("cpor.tenant.directory.lookups").tag("cache", cache).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
