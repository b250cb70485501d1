package dev.orderflow.devstack.supervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process kept running: started with its output appended to its log file and its pid written to
 * its pid file; restarted after a {@link RestartBackoff} delay whenever it dies, until it is told
 * to stop. Every start and restart is also noted in the process's own log, where a reader of that
 * log looks for it.
 */
public final class SupervisedProcess {

  private static final Logger log = LoggerFactory.getLogger(SupervisedProcess.class);

  private final ProcessSpec spec;
  private final RestartBackoff backoff;
  private final ScheduledExecutorService scheduler;

  private @Nullable Process process;
  private Instant startedAt = Instant.EPOCH;
  private int crashesInARow;
  private int restarts;
  private boolean stopping;

  private SupervisedProcess(
      ProcessSpec spec, RestartBackoff backoff, ScheduledExecutorService scheduler) {
    this.spec = spec;
    this.backoff = backoff;
    this.scheduler = scheduler;
  }

  /**
   * Starts the process and supervises it.
   *
   * @param scheduler runs the restarts
   * @throws IOException if the process cannot be started at all
   */
  public static SupervisedProcess start(
      ProcessSpec spec, RestartBackoff backoff, ScheduledExecutorService scheduler)
      throws IOException {
    var supervised = new SupervisedProcess(spec, backoff, scheduler);
    synchronized (supervised) {
      supervised.launch("starting");
    }
    return supervised;
  }

  public String name() {
    return spec.name();
  }

  public synchronized long pid() {
    return running().pid();
  }

  /** How many times the process has been restarted after dying. */
  public synchronized int restarts() {
    return restarts;
  }

  /** SIGKILL, as a crash would: the process is restarted like after any other death. */
  public synchronized void kill() {
    running().destroyForcibly();
  }

  /**
   * From now on a death is not restarted. A shutdown calls this for every process before stopping
   * any, because Ctrl-C signals the children too and they may exit before their turn.
   */
  public synchronized void stopRestarting() {
    stopping = true;
  }

  /** SIGTERM, then SIGKILL if the process has not exited within {@code grace}. */
  public void stop(Duration grace) {
    Process current;
    synchronized (this) {
      stopping = true;
      current = process;
    }
    if (current == null) {
      return;
    }
    try {
      current.destroy();
      if (!current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("{} did not stop within {} s; killing it", name(), grace.toSeconds());
        note("did not stop within %d s; killing it".formatted(grace.toSeconds()));
        current.destroyForcibly();
        current.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      current.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(spec.pidFile());
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", spec.pidFile(), e.getMessage());
    }
  }

  private void launch(String what) throws IOException {
    Files.createDirectories(spec.logFile().getParent());
    Files.createDirectories(spec.pidFile().getParent());
    note(what + ": " + String.join(" ", spec.command()));
    var builder =
        new ProcessBuilder(spec.command())
            .redirectErrorStream(true)
            .redirectOutput(Redirect.appendTo(spec.logFile().toFile()));
    builder.environment().putAll(spec.environment());
    var started = builder.start();
    started.getOutputStream().close();
    process = started;
    startedAt = Instant.now();
    Files.writeString(spec.pidFile(), started.pid() + System.lineSeparator());
    started.onExit().thenAccept(this::exited);
  }

  /** The process last launched: there is one from {@link #start} on. */
  private Process running() {
    var current = process;
    if (current == null) {
      throw new IllegalStateException(name() + " was never launched");
    }
    return current;
  }

  private synchronized void exited(Process exited) {
    if (stopping || exited != process) {
      return;
    }
    var uptime = Duration.between(startedAt, Instant.now());
    scheduleRestart(
        "exited with code %d after %s".formatted(exited.exitValue(), seconds(uptime)), uptime);
  }

  private void scheduleRestart(String why, Duration uptime) {
    crashesInARow = backoff.crashesInARow(crashesInARow, uptime);
    var delay = backoff.delayAfter(crashesInARow);
    var message = "%s; restarting in %s".formatted(why, seconds(delay));
    log.warn("{} {}", name(), message);
    note(message);
    scheduler.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void restart() {
    if (stopping) {
      return;
    }
    try {
      launch("restarting after " + crashesInARow + " crash(es) in a row");
      restarts++;
      log.info("{} restarted, pid {}", name(), running().pid());
    } catch (IOException | UncheckedIOException e) {
      scheduleRestart("could not be started: " + e.getMessage(), Duration.ZERO);
    }
  }

  /** A line in the process's log, marked as the supervisor's. */
  private void note(String message) {
    var line =
        "[devstack %s] %s %s%n"
            .formatted(Instant.now().truncatedTo(ChronoUnit.MILLIS), name(), message);
    try {
      Files.writeString(
          spec.logFile(),
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      log.warn("Could not write to {}: {}", spec.logFile(), e.getMessage());
    }
  }

  private static String seconds(Duration duration) {
    return duration.toMillis() < 10_000
        ? String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0)
        : duration.toSeconds() + " s";
  }
}
