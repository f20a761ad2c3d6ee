package org.cpor.claims.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
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
      Thread thread = new Thread(runnable, prefix + THREAD_NUMBER.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private final long processNanos;
  private final long clientNanos;
  private final long postgresTicks;

  private CpuMeter(long processNanos, long clientNanos, long postgresTicks) {
    this.processNanos = processNanos;
    this.clientNanos = clientNanos;
    this.postgresTicks = postgresTicks;
  }

  static CpuMeter start() {
    return new CpuMeter(processNanos(), clientNanos(), postgresTicks());
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
      if (info != null
          && (info.getThreadName().startsWith("bench-client-")
              || info.getThreadName().startsWith("HttpClient-"))) {
        long nanos = THREADS.getThreadCpuTime(info.getThreadId());
        total += Math.max(nanos, 0);
      }
    }
    return total;
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
