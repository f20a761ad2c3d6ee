package org.cpor.claims.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * CPU spent serving a level of the benchmark: this JVM's CPU time without the load generator's
 * threads (the bench's client threads and the JDK HttpClient's), plus the CPU time of PostgreSQL's
 * processes when the database runs on this machine. On 2 cores the load generator competes with the
 * server, so claims/s alone understate what the server does; CPU per claim does not.
 */
final class CpuMeter {

  /**
   * A workload that calls the application over HTTP: its threads are load generator, not server.
   */
  interface OverHttp extends IntFunction<String> {}

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  /**
   * Threads for a workload: over HTTP they are the load generator's ("bench-client-…", left out of
   * the server's CPU); on the bare engine they run the engine itself and count as server.
   */
  static ThreadFactory threadsFor(IntFunction<String> workload) {
    String prefix = workload instanceof OverHttp ? "bench-client-" : "bench-engine-";
    return runnable -> {
      Runnable counted =
          () -> {
            try {
              runnable.run();
            } finally {
              FINISHED
                  .computeIfAbsent(prefix + "#", group -> new LongAdder())
                  .add(THREADS.getCurrentThreadCpuTime());
            }
          };
      Thread thread = new Thread(counted, prefix + THREAD_NUMBER.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * CPU of the benchmark's own threads that have ended, per kind: an ended thread drops out of the
   * JVM's thread list, but its CPU stays in the process's, where it would count as server.
   */
  private static final Map<String, LongAdder> FINISHED = new ConcurrentHashMap<>();

  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final long processNanos;
  private final long clientNanos;
  private final long postgresTicks;
  private final Map<Long, Long> threadNanos;
  private final Map<String, Long> finishedNanos;
  private final long gcMillis = gcMillis();
  private final long jitMillis = jitMillis();

  private CpuMeter(
      long processNanos,
      long clientNanos,
      long postgresTicks,
      Map<Long, Long> threadNanos,
      Map<String, Long> finishedNanos) {
    this.processNanos = processNanos;
    this.clientNanos = clientNanos;
    this.postgresTicks = postgresTicks;
    this.threadNanos = threadNanos;
    this.finishedNanos = finishedNanos;
  }

  static CpuMeter start() {
    return new CpuMeter(
        processNanos(), clientNanos(), postgresTicks(), threadNanos(), finishedNanos());
  }

  /**
   * Where the server's CPU since start went, in milliseconds: per kind of thread (the name without
   * its numbers, e.g. {@code http-nio-auto-#-exec-#} for Tomcat's request threads), {@code
   * postgres} for the database's processes and {@code jvm} for what no Java thread accounts for
   * (garbage collection, the JIT); the load generator's threads left out. Both applications of a
   * run share the JVM, so an idle one's polling shows here too.
   */
  Map<String, Double> serverMillisByPart() {
    Map<String, Double> parts = new TreeMap<>();
    long threads = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null || isClient(info.getThreadName())) {
        continue;
      }
      long nanos = THREADS.getThreadCpuTime(info.getThreadId());
      if (nanos < 0) {
        continue;
      }
      long spent = nanos - threadNanos.getOrDefault(info.getThreadId(), 0L);
      threads += spent;
      parts.merge(info.getThreadName().replaceAll("[0-9]+", "#"), spent / 1e6, Double::sum);
    }
    for (Map.Entry<String, Long> finished : finishedNanos().entrySet()) {
      if (!isClient(finished.getKey())) {
        long spent = finished.getValue() - finishedNanos.getOrDefault(finished.getKey(), 0L);
        threads += spent;
        parts.merge(finished.getKey(), spent / 1e6, Double::sum);
      }
    }
    long process = processNanos() - processNanos;
    long client = clientNanos() - clientNanos;
    parts.put("jvm", (process - client - threads) / 1e6);
    parts.put("postgres", (postgresTicks() - postgresTicks) * 1000.0 / CLOCK_TICKS_PER_SECOND);
    parts.values().removeIf(millis -> Math.abs(millis) < 1);
    return parts;
  }

  private static Map<Long, Long> threadNanos() {
    Map<Long, Long> nanos = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      nanos.put(id, Math.max(THREADS.getThreadCpuTime(id), 0));
    }
    return nanos;
  }

  /**
   * Milliseconds since start that the JVM spent in garbage collection (the collectors' own
   * accounting) and compiling (the JIT's), both contained in {@code jvm} of {@link
   * #serverMillisByPart}.
   */
  Map<String, Double> jvmMillis() {
    return Map.of(
        "garbageCollection", (double) (gcMillis() - gcMillis),
        "jitCompilation", (double) (jitMillis() - jitMillis));
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(gc -> Math.max(gc.getCollectionTime(), 0))
        .sum();
  }

  private static long jitMillis() {
    return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  private static Map<String, Long> finishedNanos() {
    Map<String, Long> nanos = new HashMap<>();
    FINISHED.forEach((group, adder) -> nanos.put(group, adder.sum()));
    return nanos;
  }

  private static boolean isClient(String threadName) {
    return threadName.startsWith("bench-client-") || threadName.startsWith("HttpClient-");
  }

  /** Milliseconds of server CPU (application + database) since start; client threads left out. */
  double serverMillis() {
    long process = processNanos() - processNanos;
    long client = clientNanos() - clientNanos;
    long postgres = postgresTicks() - postgresTicks;
    return (process - client) / 1e6 + postgres * 1000.0 / CLOCK_TICKS_PER_SECOND;
  }

  private static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Threads of the bench's clients and of the JDK HttpClient (its selector and workers). */
  private static long clientNanos() {
    long total = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info != null && isClient(info.getThreadName())) {
        long nanos = THREADS.getThreadCpuTime(info.getThreadId());
        total += Math.max(nanos, 0);
      }
    }
    LongAdder finished = FINISHED.get("bench-client-#");
    return total + (finished == null ? 0 : finished.sum());
  }

  /** utime + stime of every postgres process on this machine (Linux /proc), 0 elsewhere. */
  private static long postgresTicks() {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(proc)) {
      return entries
          .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .mapToLong(CpuMeter::postgresTicksOf)
          .sum();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long postgresTicksOf(Path process) {
    try {
      String stat = Files.readString(process.resolve("stat"));
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      if (!stat.substring(open + 1, close).startsWith("postgres")) {
        return 0;
      }
      String[] fields = stat.substring(close + 2).split(" ");
      // fields[0] is the state (field 3 of stat); utime and stime are fields 14 and 15.
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }
}
