package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * NullAway checks only what is {@code @NullMarked} (README, "Build and test"): so every package of
 * every module's main code must be, or a new package would quietly escape the check.
 */
class NullMarkedPackagesTest {

  @Test
  void every_main_package_of_every_module_is_null_marked() throws IOException {
    List<Path> packages;
    try (Stream<Path> files = Files.walk(Repository.root(), 12)) {
      packages =
          files
              .filter(path -> path.toString().endsWith(".java"))
              .filter(path -> path.toString().contains("/src/main/java/"))
              .filter(path -> !path.toString().contains("/target/"))
              .map(Path::getParent)
              .map(Repository.root()::relativize)
              .distinct()
              .toList();
    }

    assertThat(packages).isNotEmpty();
    assertThat(packages)
        .filteredOn(directory -> !nullMarked(Repository.file(directory + "/package-info.java")))
        .as("packages without @NullMarked in their package-info.java")
        .isEmpty();
  }

  private static boolean nullMarked(Path packageInfo) {
    return Files.exists(packageInfo) && Repository.read(packageInfo).contains("@NullMarked");
  }
}
