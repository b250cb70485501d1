package dev.orderflow.systemtest.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * NullAway checks only what is {@code @NullMarked} (README, "Build and test"): so every package of
 * every module's main code must be, or a new package would quietly escape the check.
 */
class NullMarkedPackagesTest {

  @Test
  void every_main_package_of_every_module_is_null_marked() throws IOException {
    var packages = mainPackages();

    assertThat(packages).isNotEmpty();
    assertThat(packages)
        .filteredOn(directory -> !nullMarked(Repository.file(directory + "/package-info.java")))
        .as("packages without @NullMarked in their package-info.java")
        .isEmpty();
  }

  /** The directories under some module's src/main/java that hold Java sources, from the root. */
  private static Set<String> mainPackages() throws IOException {
    var root = Repository.root();
    var packages = new TreeSet<String>();
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
            var name = directory.getFileName().toString();
            // Not what the modules build: a running stack's data, caches, build output.
            return !directory.equals(root) && (name.startsWith(".") || name.equals("target"))
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            var relative = root.relativize(file).toString();
            if (relative.endsWith(".java") && relative.contains("/src/main/java/")) {
              packages.add(root.relativize(file.getParent()).toString());
            }
            return FileVisitResult.CONTINUE;
          }
        });
    return packages;
  }

  private static boolean nullMarked(Path packageInfo) {
    return Files.exists(packageInfo) && Repository.read(packageInfo).contains("@NullMarked");
  }
}
