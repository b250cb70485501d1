package dev.orderflow.devstack.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only what needs no extra process; {@code DevstackIT} stops a real leftover part while leaving an
 * unrelated process alone.
 */
class StaleProcessesTest {

  @TempDir Path run;

  @Test
  void a_live_process_without_the_tag_is_not_ours() {
    var tag = new ProcessTag("kafka", run);

    assertThat(StaleProcesses.isTagged(ProcessHandle.current(), tag)).isFalse();
  }

  @Test
  void a_pid_file_naming_an_untagged_live_process_is_removed_and_the_process_left_alone()
      throws Exception {
    var pidFile = Files.writeString(run.resolve("kafka.pid"), ProcessHandle.current().pid() + "\n");

    StaleProcesses.stop(Map.of(pidFile, new ProcessTag("kafka", run)), Duration.ofSeconds(1));

    assertThat(pidFile).doesNotExist();
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  void a_pid_file_that_is_garbage_or_names_no_process_is_just_removed() throws Exception {
    var garbage = Files.writeString(run.resolve("mongo.pid"), "not a pid");
    var gone = Files.writeString(run.resolve("smtp.pid"), Long.toString(Long.MAX_VALUE));

    StaleProcesses.stop(
        Map.of(garbage, new ProcessTag("mongo", run), gone, new ProcessTag("smtp", run)),
        Duration.ofSeconds(1));

    assertThat(garbage).doesNotExist();
    assertThat(gone).doesNotExist();
  }
}
