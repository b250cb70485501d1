package dev.orderflow.systemtest.kubernetes;

import dev.orderflow.systemtest.compose.Repository;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The manifests of {@code deploy/k8s/} as a platform engineer applies them: an overlay rendered by
 * kustomize. Where {@code kubectl} is on the PATH, kustomize's own rendering ({@code kubectl
 * kustomize}, offline); elsewhere the committed render of each overlay in {@code
 * deploy/k8s/rendered/}, which {@code KubernetesRenderTest} keeps equal to kustomize's wherever
 * kubectl exists.
 */
final class Kustomize {

  static final String DEPLOY = "deploy/k8s";

  private Kustomize() {}

  /** The overlays, each a directory under {@code deploy/k8s/overlays/}. */
  static Stream<String> overlays() {
    return Stream.of("dev", "prod");
  }

  /** The overlay's objects, rendered by kubectl where it exists, else the committed render. */
  static String render(String overlay) {
    return kubectl()
        .map(kubectl -> build(kubectl, overlayDirectory(overlay)))
        .orElseGet(() -> Repository.read(golden(overlay)));
  }

  static Path overlayDirectory(String overlay) {
    return Repository.file(DEPLOY + "/overlays/" + overlay);
  }

  /** The committed render of an overlay. */
  static Path golden(String overlay) {
    return Repository.file(DEPLOY + "/rendered/" + overlay + ".yaml");
  }

  /**
   * {@code kubectl} on the PATH, if there is one; none with {@code -Dorderflow.k8s.kubectl=none},
   * to run the checks on the committed renders as where kubectl is missing.
   */
  static Optional<Path> kubectl() {
    if ("none".equals(System.getProperty("orderflow.k8s.kubectl"))) {
      return Optional.empty();
    }
    var path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(directory -> !directory.isBlank())
        .map(directory -> Path.of(directory, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** {@code kubectl kustomize directory}: what {@code kubectl apply -k} would send. */
  static String build(Path kubectl, Path directory) {
    try {
      var output = Files.createTempFile("kustomize", ".yaml");
      var errors = Files.createTempFile("kustomize", ".err");
      try {
        var process =
            new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("kubectl kustomize " + directory + " took over 60 s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "kubectl kustomize "
                  + directory
                  + " failed: "
                  + Files.readString(errors, StandardCharsets.UTF_8));
        }
        return Files.readString(output, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
