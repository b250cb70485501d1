package dev.orderflow.devstack.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes of an earlier run that was killed too hard to stop its children (SIGKILL, a crash of
 * the machine's session): found through their pid files, stopped only if their command line still
 * carries the {@link ProcessTag} the pid file was written for.
 */
public final class StaleProcesses {

  private static final Logger log = LoggerFactory.getLogger(StaleProcesses.class);

  private StaleProcesses() {}

  /**
   * Sends SIGTERM to every process named by one of {@code pidFiles} that is alive and tagged as
   * expected, SIGKILL to those still running after {@code grace}, and deletes the pid files.
   */
  public static void stop(Map<Path, ProcessTag> pidFiles, Duration grace) {
    var stopping = new ArrayList<ProcessHandle>();
    pidFiles.forEach((pidFile, tag) -> {
      readPid(pidFile)
          .flatMap(ProcessHandle::of)
          .filter(process -> isTagged(process, tag))
          .ifPresent(process -> {
            log.info(
                "{} of an earlier run is still running (pid {}); stopping it",
                tag.part(),
                process.pid());
            process.destroy();
            stopping.add(process);
          });
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException e) {
        log.warn("Could not delete {}: {}", pidFile, e.getMessage());
      }
    });
    // In parallel: a leftover service whose broker is gone may take the whole grace period.
    var deadline = Instant.now().plus(grace);
    stopping.forEach(process -> awaitExit(process, deadline));
  }

  /** Whether {@code process} is alive and its command line carries {@code tag}. */
  public static boolean isTagged(ProcessHandle process, ProcessTag tag) {
    return process.isAlive() && process.info().commandLine().map(tag::isOn).orElse(false);
  }

  static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void awaitExit(ProcessHandle process, Instant deadline) {
    long millis = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    try {
      process.onExit().get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("pid {} did not stop in time; killing it", process.pid());
      process.destroyForcibly();
      process.onExit().completeOnTimeout(process, 5, TimeUnit.SECONDS).join();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
