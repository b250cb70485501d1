package dev.orderflow.devstack.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir Path dir;

  @Test
  void gives_the_last_lines_of_a_large_file() throws Exception {
    var log =
        Files.writeString(
            dir.resolve("part.log"),
            IntStream.rangeClosed(1, 100_000)
                .mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n")));

    assertThat(LogTail.lastLines(log, 3))
        .containsExactly("line 99998", "line 99999", "line 100000");
  }

  @Test
  void gives_nothing_for_a_missing_file() {
    assertThat(LogTail.lastLines(dir.resolve("absent.log"), 3)).isEmpty();
  }
}
