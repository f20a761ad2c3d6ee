package org.cpor.claims.support;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.cpor.claims.CporClaimsApplication;

/**
 * The application in a JVM of its own, as in production: started with the demo users, killed with
 * {@code kill -9} ({@link #kill()}), its output in a log file beside its working directory.
 */
public final class ApplicationNode implements AutoCloseable {

  private final Process process;
  private final int port;
  private final File log;

  private ApplicationNode(Process process, int port, File log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a node with the demo profile, mailing to the tests' GreenMail, and waits until it is
   * ready.
   */
  public static ApplicationNode start(
      Path workDir, String name, int port, int smtpPort, List<String> settings)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                CporClaimsApplication.class.getName(),
                "--server.port=" + port,
                "--cpor.demo.smtp-server=false",
                "--spring.mail.port=" + smtpPort,
                "--camunda.bpm.job-execution.wait-time-in-millis=200",
                "--camunda.bpm.job-execution.max-wait=1000",
                "--camunda.bpm.generic-properties.properties.hostname=" + name,
                // The tests poll every claim's status from one partner and one address, far more
                // often than a partner's system would: the abuse limits are AbuseLimitsTest's.
                "--cpor.abuse.partner-requests=1000000",
                "--cpor.abuse.failed-logins-per-address=1000000"));
    command.addAll(settings);
    File log = workDir.resolve(name + ".log").toFile();
    // Its own working directory: nothing of the project's folder is on its class path by accident.
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
            .start();
    ApplicationNode node = new ApplicationNode(process, port, log);
    Http http = Http.to(port);
    // A start takes about 20 s on an idle machine, up to two minutes on a busy one.
    waitUntil(
        Duration.ofSeconds(240),
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError("The application did not start; see " + log);
          }
          try {
            return http.get("/actuator/health/readiness").status() == 200;
          } catch (RuntimeException notYet) {
            return false;
          }
        });
    return node;
  }

  public int port() {
    return port;
  }

  public File log() {
    return log;
  }

  public Http http() {
    return Http.to(port);
  }

  /** {@code kill -9}: no shutdown hook, no closing of the Spring context. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public static void waitUntil(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    waitUntil(timeout, Duration.ofMillis(250), condition);
  }

  /** Checks the condition every {@code interval} until it holds; fails after {@code timeout}. */
  public static void waitUntil(Duration timeout, Duration interval, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("Not reached within " + timeout);
      }
      Thread.sleep(interval.toMillis());
    }
  }
}
