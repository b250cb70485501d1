package dev.orderflow.loadgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A process's CPU time in clock ticks, from {@code /proc}: all of it (threads that ended included)
 * and the part its JIT compiler threads used, which HotSpot names {@code C1 CompilerThread<n>} and
 * {@code C2 CompilerThread<n>}. A fresh JVM spends a large share of its CPU compiling, so the share
 * tells whether a measured run was still warming up. Compiler threads that ended are not counted;
 * on two cores HotSpot keeps one of each for the life of the JVM.
 */
record ProcessTicks(long all, long compiling) {

  static final ProcessTicks NONE = new ProcessTicks(0, 0);

  /** A clock tick: {@code /proc} counts CPU time in USER_HZ, 100 a second on Linux. */
  private static final Duration TICK = Duration.ofMillis(10);

  /** What {@code /proc/<pid>/task/<tid>/comm} holds: the name cut to 15 characters. */
  private static final Pattern COMPILER_THREAD = Pattern.compile("C[12] CompilerThre.*");

  /** The process's ticks now; {@link #NONE} for one that has ended. */
  static ProcessTicks read(Path proc, long pid) {
    var process = proc.resolve(Long.toString(pid));
    try (Stream<Path> tasks = Files.list(process.resolve("task"))) {
      long compiling = 0;
      for (var task : tasks.toList()) {
        var name = readOrEmpty(task.resolve("comm")).strip();
        if (COMPILER_THREAD.matcher(name).matches()) {
          compiling += ticks(readOrEmpty(task.resolve("stat")));
        }
      }
      return new ProcessTicks(ticks(Files.readString(process.resolve("stat"))), compiling);
    } catch (NoSuchFileException ended) {
      return NONE;
    } catch (IOException e) {
      if (Files.notExists(process)) {
        return NONE; // it ended while being read: Linux then answers "No such process"
      }
      throw new UncheckedIOException(e);
    }
  }

  ProcessTicks plus(ProcessTicks other) {
    return new ProcessTicks(all + other.all, compiling + other.compiling);
  }

  ProcessTicks minus(ProcessTicks earlier) {
    return new ProcessTicks(all - earlier.all, compiling - earlier.compiling);
  }

  /** All of the CPU time. */
  Duration cpu() {
    return TICK.multipliedBy(all);
  }

  /** The share of the CPU time spent compiling, 0 when there was none. */
  double compilingShare() {
    return all == 0 ? 0 : (double) compiling / all;
  }

  /**
   * User plus system time from a {@code stat} line: fields 14 and 15, counted after the name in
   * parentheses (which may hold spaces), where field 3 is the first; 0 for a thread that ended.
   */
  private static long ticks(String stat) {
    if (stat.isEmpty()) {
      return 0;
    }
    var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
  }

  /**
   * A thread's file, empty when the thread ended since its directory was listed: its files are then
   * gone ({@link NoSuchFileException}), or, when it ends between the open and the read, the read
   * fails with "No such process".
   */
  private static String readOrEmpty(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException ended) {
      return "";
    } catch (IOException e) {
      if (Files.notExists(file.getParent())) {
        return "";
      }
      throw e;
    }
  }
}
