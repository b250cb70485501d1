package dev.orderflow.devstack.supervisor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file that may be large: for an error message that shows why. */
public final class LogTail {

  private static final int MAX_BYTES = 16 * 1024;

  private LogTail() {}

  public static List<String> lastLines(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (var in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, in.length() - MAX_BYTES);
      var bytes = new byte[(int) (in.length() - start)];
      in.seek(start);
      in.readFully(bytes);
      var all = new String(bytes, StandardCharsets.UTF_8).split("\\R");
      return Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length);
    } catch (IOException e) {
      return List.of("(could not read " + file + ": " + e.getMessage() + ")");
    }
  }
}
