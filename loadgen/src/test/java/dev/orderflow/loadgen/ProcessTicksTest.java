package dev.orderflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTicksTest {

  @TempDir Path proc;

  @Test
  void it_counts_the_process_and_its_compiler_threads_apart() throws IOException {
    // A name with parentheses and spaces must not shift the fields.
    process(42, "java) (1 2 3", 700, 50);
    thread(42, 42, "java) (1 2 3", 10, 2);
    thread(42, 43, "C2 CompilerThre", 200, 20);
    thread(42, 44, "C1 CompilerThre", 30, 3);
    thread(42, 45, "kafka-producer-", 400, 1);

    var ticks = ProcessTicks.read(proc, 42);

    assertThat(ticks).isEqualTo(new ProcessTicks(750, 253));
    assertThat(ticks.compilingShare()).isEqualTo(253.0 / 750);
    assertThat(ticks.cpu()).isEqualTo(Duration.ofMillis(7_500));
  }

  @Test
  void a_process_that_ended_counts_nothing() {
    assertThat(ProcessTicks.read(proc, 7)).isEqualTo(ProcessTicks.NONE);
    assertThat(ProcessTicks.NONE.compilingShare()).isZero();
  }

  @Test
  void a_thread_that_ended_while_listed_counts_nothing() throws IOException {
    process(42, "java", 100, 0);
    thread(42, 43, "C2 CompilerThre", 60, 0);
    Files.createDirectories(proc.resolve("42/task/44"));

    assertThat(ProcessTicks.read(proc, 42)).isEqualTo(new ProcessTicks(100, 60));
  }

  @Test
  void intervals_are_differences_and_parts_add_up() {
    var before = new ProcessTicks(100, 40);
    var after = new ProcessTicks(300, 60);

    assertThat(after.minus(before)).isEqualTo(new ProcessTicks(200, 20));
    assertThat(after.minus(before).plus(new ProcessTicks(50, 30)))
        .isEqualTo(new ProcessTicks(250, 50));
  }

  @Test
  void it_reads_this_jvm() {
    var self = Path.of("/proc");
    assumeTrue(Files.isDirectory(self.resolve("self/task")), "a Linux /proc");

    var ticks = ProcessTicks.read(self, ProcessHandle.current().pid());

    // Running JUnit has compiled many methods by now.
    assertThat(ticks.compiling()).isPositive();
    assertThat(ticks.all()).isGreaterThan(ticks.compiling());
  }

  private void process(long pid, String name, long user, long system) throws IOException {
    var directory = Files.createDirectories(proc.resolve(pid + "/task"));
    Files.writeString(directory.resolveSibling("stat"), stat(pid, name, user, system));
  }

  private void thread(long pid, long tid, String name, long user, long system) throws IOException {
    var directory = Files.createDirectories(proc.resolve(pid + "/task/" + tid));
    Files.writeString(directory.resolve("comm"), name + "\n");
    Files.writeString(directory.resolve("stat"), stat(tid, name, user, system));
  }

  /** A stat line as Linux writes it: pid, (name), state, then fields 4 to 52. */
  private static String stat(long pid, String name, long user, long system) {
    var fields = new StringBuilder(pid + " (" + name + ") S");
    for (int field = 4; field <= 52; field++) {
      fields
          .append(' ')
          .append(field == 14 ? user : field == 15 ? system : field == 4 ? 1 : field * 1000);
    }
    return fields.append('\n').toString();
  }
}
