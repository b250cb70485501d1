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
 *
 * <p>A process that dies while its {@link ProcessSpec#holdFile} exists is held: not restarted, the
 * file looked for every {@link #HOLD_POLL} (the {@code holdPoll} given), and the process started
 * again as soon as it is gone. A drill stops a part this way and keeps it stopped for as long as it
 * wants, which stopping its process alone cannot do (it would be back within seconds).
 */
public final class SupervisedProcess {

  private static final Logger log = LoggerFactory.getLogger(SupervisedProcess.class);

  /** How often a held process's hold file is looked for. */
  public static final Duration HOLD_POLL = Duration.ofSeconds(1);

  private final ProcessSpec spec;
  private final RestartBackoff backoff;
  private final ScheduledExecutorService scheduler;
  private final Duration holdPoll;

  private @Nullable Process process;
  private Instant startedAt = Instant.EPOCH;
  private int crashesInARow;
  private int restarts;
  private boolean stopping;
  private boolean held;

  private SupervisedProcess(
      ProcessSpec spec,
      RestartBackoff backoff,
      ScheduledExecutorService scheduler,
      Duration holdPoll) {
    this.spec = spec;
    this.backoff = backoff;
    this.scheduler = scheduler;
    this.holdPoll = holdPoll;
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
    return start(spec, backoff, scheduler, HOLD_POLL);
  }

  /**
   * Starts the process and supervises it, looking for its hold file every {@code holdPoll} while it
   * is held.
   */
  public static SupervisedProcess start(
      ProcessSpec spec,
      RestartBackoff backoff,
      ScheduledExecutorService scheduler,
      Duration holdPoll)
      throws IOException {
    var supervised = new SupervisedProcess(spec, backoff, scheduler, holdPoll);
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

  /** How many times the process has been restarted after dying (or after a hold). */
  public synchronized int restarts() {
    return restarts;
  }

  /** Whether the process is dead and kept so by its hold file. */
  public synchronized boolean isHeld() {
    return held;
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
    var why = "exited with code %d after %s".formatted(exited.exitValue(), seconds(uptime));
    if (Files.exists(spec.holdFile())) {
      hold(why);
      return;
    }
    scheduleRestart(why, uptime);
  }

  /** Not restarted while the hold file exists; looked for again every {@link #holdPoll}. */
  private void hold(String why) {
    held = true;
    var message = "%s; held: not restarted until %s is removed".formatted(why, spec.holdFile());
    log.warn("{} {}", name(), message);
    note(message);
    scheduler.schedule(this::releaseWhenUnheld, holdPoll.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void releaseWhenUnheld() {
    if (stopping) {
      return;
    }
    if (Files.exists(spec.holdFile())) {
      scheduler.schedule(this::releaseWhenUnheld, holdPoll.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    held = false;
    // Stopped on purpose: a start afresh, not one more crash in a row.
    crashesInARow = 0;
    try {
      launch("released from its hold");
      restarts++;
      log.info("{} released from its hold, pid {}", name(), running().pid());
    } catch (IOException | UncheckedIOException e) {
      scheduleRestart("could not be started: " + e.getMessage(), Duration.ZERO);
    }
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
    if (Files.exists(spec.holdFile())) {
      // Held while waiting for its restart: it died by itself, then a drill held it.
      hold("was waiting to be restarted");
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
