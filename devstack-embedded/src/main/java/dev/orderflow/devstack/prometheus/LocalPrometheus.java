package dev.orderflow.devstack.prometheus;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machine's {@code prometheus} binary as a child of {@code devstack part prometheus}: started
 * with the configuration {@link #writeConfig} wrote, its output in the part's log, stopped with the
 * part. If Prometheus dies by itself, the part exits with it, so the supervisor restarts both.
 */
public final class LocalPrometheus implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalPrometheus.class);

  /** The configuration for the default ports; {@link #writeConfig} puts in the real ones. */
  public static final String CONFIG = "infra/prometheus/devstack.yml";

  /**
   * Which alerting rules Prometheus loads: the real ones ({@code infra/prometheus/rules/}), or the
   * same alerts with {@code for: 1m} ({@code infra/prometheus/rules-training/}), so that a drill
   * sees its alert fire within a couple of minutes instead of six to eight.
   */
  public enum Rules {
    STANDARD("rules"),
    TRAINING("rules-training");

    private final String directory;

    Rules(String directory) {
      this.directory = directory;
    }

    /** The directory beside {@link #CONFIG}: {@code rules} or {@code rules-training}. */
    public String directory() {
      return directory;
    }

    /** The directory in a checkout. */
    public Path in(Path repoRoot) {
      return repoRoot.resolve(CONFIG).resolveSibling(directory).toAbsolutePath().normalize();
    }

    /**
     * {@code standard} or {@code training} ({@code DEVSTACK_RULES}).
     *
     * @throws IllegalArgumentException for anything else, naming both
     */
    public static Rules named(String name) {
      return switch (name.strip().toLowerCase(Locale.ROOT)) {
        case "standard" -> STANDARD;
        case "training" -> TRAINING;
        default ->
            throw new IllegalArgumentException(
                "DEVSTACK_RULES is 'standard' (infra/prometheus/rules/) or 'training'"
                    + " (infra/prometheus/rules-training/, alerts after 1 minute), was '"
                    + name
                    + "'");
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  private static final Pattern LOCALHOST_PORT = Pattern.compile("localhost:(\\d+)");

  private final Process process;
  private volatile boolean closing;

  private LocalPrometheus(Process process) {
    this.process = process;
    process
        .onExit()
        .thenAccept(exited -> {
          if (!closing) {
            log.error("prometheus exited with code {}", exited.exitValue());
            System.exit(exited.exitValue() == 0 ? 1 : exited.exitValue());
          }
        });
  }

  /** The {@code prometheus} executable on the {@code PATH}, if there is one. */
  public static Optional<Path> binary(Map<String, String> environment) {
    return onPath("prometheus", environment);
  }

  /** An executable of that name in a directory of the {@code PATH} (e.g. {@code promtool}). */
  public static Optional<Path> onPath(String executable, Map<String, String> environment) {
    var path = environment.getOrDefault("PATH", "");
    for (var directory : path.split(File.pathSeparator)) {
      if (!directory.isBlank()) {
        var candidate = Path.of(directory, executable);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Writes {@link #CONFIG} to {@code target} with the ports the parts really use ({@code
   * localhost:<default port>} replaced by the addresses of every instance of the part, one entry of
   * {@code ports} each: {@code [localhost:8081]} becomes {@code [localhost:8081, localhost:8181]}
   * with two instances) and the absolute path of the standard rules, which Prometheus would
   * otherwise look for next to {@code target}.
   */
  public static Path writeConfig(Path repoRoot, Map<Integer, List<Integer>> ports, Path target) {
    return writeConfig(repoRoot, ports, target, Rules.STANDARD);
  }

  /**
   * {@link #writeConfig(Path, Map, Path)} with the alerting rules of {@code rules}.
   *
   * @throws IllegalStateException if the checkout has no such rules directory
   */
  public static Path writeConfig(
      Path repoRoot, Map<Integer, List<Integer>> ports, Path target, Rules rules) {
    var directory = rules.in(repoRoot);
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException(
          "No %s rules: %s is missing".formatted(rules, repoRoot.relativize(directory)));
    }
    try {
      var config =
          LOCALHOST_PORT
              .matcher(Files.readString(repoRoot.resolve(CONFIG)))
              .replaceAll(address -> {
                int port = Integer.parseInt(address.group(1));
                return ports.getOrDefault(port, List.of(port)).stream()
                    .map(actual -> "localhost:" + actual)
                    .collect(Collectors.joining(", "));
              });
      config = config.replace("- rules/", "- " + directory + "/");
      Files.createDirectories(target.getParent());
      Files.writeString(target, config);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the Prometheus configuration", e);
    }
  }

  /**
   * Starts Prometheus on {@code bind:port}, its data under {@code data}. It serves {@code docs}
   * under {@code /user/} and knows its own address, so that every alert's {@code runbook_url}
   * ({@code {{ $externalURL }}/user/runbooks/<alert>.md}) opens the runbook from the alerts page.
   */
  public static LocalPrometheus start(
      Path binary, Path config, Path data, Path docs, String bind, int port) throws IOException {
    Files.createDirectories(data);
    var command =
        List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + data,
            "--storage.tsdb.retention.time=2d",
            "--web.listen-address=" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port,
            "--web.user-assets=" + docs.toAbsolutePath(),
            "--web.external-url=http://localhost:" + port);
    return new LocalPrometheus(new ProcessBuilder(command).inheritIO().start());
  }

  @Override
  public void close() throws InterruptedException {
    closing = true;
    process.destroy();
    if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
