package dev.orderflow.systemtest.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository this test runs in. */
public final class Repository {

  private Repository() {}

  /** The repository root: {@code orderflow.root} (set by the build), else the module's parent. */
  public static Path root() {
    return Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
  }

  public static Path file(String relativePath) {
    return root().resolve(relativePath);
  }

  public static String read(String relativePath) {
    return read(file(relativePath));
  }

  public static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The compose file under test: {@code orderflow.compose.file} if set, for trying a variant. */
  static Path composeFile() {
    var override = System.getProperty("orderflow.compose.file");
    return override == null || override.isBlank()
        ? file("docker-compose.yml")
        : Path.of(override).toAbsolutePath();
  }
}
