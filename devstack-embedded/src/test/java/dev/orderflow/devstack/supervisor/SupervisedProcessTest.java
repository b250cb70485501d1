package dev.orderflow.devstack.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's restarts and holds, on a real process ({@code sleep}) that it kills. */
class SupervisedProcessTest {

  private static final RestartBackoff FAST =
      new RestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1));
  private static final Duration HOLD_POLL = Duration.ofMillis(100);

  @TempDir Path directory;

  private ScheduledExecutorService scheduler;
  private SupervisedProcess process;
  private Path holdFile;

  @BeforeEach
  void start() throws Exception {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    holdFile = directory.resolve("run/hold/sleeper");
    process = start(FAST);
  }

  private SupervisedProcess start(RestartBackoff backoff) throws Exception {
    var spec =
        new ProcessSpec(
            "sleeper",
            List.of("sleep", "600"),
            Map.of(),
            directory.resolve("logs/sleeper.log"),
            directory.resolve("run/sleeper.pid"),
            holdFile);
    return SupervisedProcess.start(spec, backoff, scheduler, HOLD_POLL);
  }

  @AfterEach
  void stop() {
    process.stop(Duration.ofSeconds(5));
    scheduler.shutdownNow();
  }

  @Test
  void a_process_that_dies_without_a_hold_is_restarted() {
    long first = process.pid();

    process.kill();

    await("the restart").atMost(Duration.ofSeconds(5)).until(() -> process.restarts() == 1);
    assertThat(process.pid()).isNotEqualTo(first);
    assertThat(ProcessHandle.of(process.pid())).get().matches(ProcessHandle::isAlive);
    assertThat(process.isHeld()).isFalse();
  }

  @Test
  void a_held_process_stays_dead_until_its_hold_file_is_removed_then_starts_again()
      throws Exception {
    long first = process.pid();
    Files.createDirectories(holdFile.getParent());
    Files.writeString(holdFile, "held by a test\n");

    process.kill();

    await("the hold").atMost(Duration.ofSeconds(5)).until(process::isHeld);
    // Many hold polls and several restart delays long: still not restarted.
    await("staying held")
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(2))
        .until(() -> process.isHeld() && process.restarts() == 0);
    assertThat(ProcessHandle.of(first).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(Files.readString(directory.resolve("logs/sleeper.log")))
        .contains("held: not restarted until " + holdFile + " is removed");

    Files.delete(holdFile);

    await("the release").atMost(Duration.ofSeconds(5)).until(() -> process.restarts() == 1);
    assertThat(process.isHeld()).isFalse();
    assertThat(process.pid()).isNotEqualTo(first);
    assertThat(ProcessHandle.of(process.pid())).get().matches(ProcessHandle::isAlive);
    assertThat(Files.readString(directory.resolve("run/sleeper.pid")).strip())
        .isEqualTo(Long.toString(process.pid()));
    assertThat(Files.readString(directory.resolve("logs/sleeper.log")))
        .contains("released from its hold");
  }

  @Test
  void a_hold_set_while_a_restart_is_pending_keeps_the_process_dead() throws Exception {
    process.stop(Duration.ofSeconds(5));
    process =
        start(
            new RestartBackoff(
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMinutes(1)));

    process.kill();
    Files.createDirectories(holdFile.getParent());
    Files.writeString(holdFile, "held by a test\n");

    await("the hold").atMost(Duration.ofSeconds(5)).until(process::isHeld);
    assertThat(process.restarts()).isZero();

    Files.delete(holdFile);

    await("the release").atMost(Duration.ofSeconds(5)).until(() -> process.restarts() == 1);
  }

  @Test
  void a_held_process_is_not_restarted_once_the_stack_stops() throws Exception {
    Files.createDirectories(holdFile.getParent());
    Files.writeString(holdFile, "held by a test\n");
    process.kill();
    await("the hold").atMost(Duration.ofSeconds(5)).until(process::isHeld);

    process.stop(Duration.ofSeconds(5));
    Files.delete(holdFile);

    await("not released after the stop")
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> process.restarts() == 0);
  }
}
