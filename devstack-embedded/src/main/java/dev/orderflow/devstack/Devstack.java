package dev.orderflow.devstack;

import dev.orderflow.devstack.prometheus.LocalPrometheus;
import dev.orderflow.devstack.supervisor.LogTail;
import dev.orderflow.devstack.supervisor.ProcessTag;
import dev.orderflow.devstack.supervisor.Readiness;
import dev.orderflow.devstack.supervisor.RestartBackoff;
import dev.orderflow.devstack.supervisor.StaleProcesses;
import dev.orderflow.devstack.supervisor.SupervisedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on this machine without Docker: Kafka, MongoDB, SMTP and the services, each its
 * own supervised process. {@link #start} returns once every part is ready; a part that dies is
 * restarted; {@link #close} stops the services, then the infrastructure. The {@code ./devstack}
 * command ({@link #main}) is a thin layer over this.
 *
 * <pre>{@code
 * try (var stack = Devstack.start(DevstackOptions.defaults(repoRoot).dataDir(dir).withFreePorts())) {
 *   var orders = stack.serviceUrl("order-service") + "/api/orders";
 *   stack.kill("inventory-service"); // restarted within 5 s
 * }
 * }</pre>
 */
public final class Devstack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Devstack.class);

  /**
   * How long a part may take to stop after SIGTERM before it is killed. Usually a few seconds; the
   * first stop after a build also writes each part's class-data archive ({@link ClassDataSharing}),
   * and four services doing that at once on two cores took more than 15 s.
   */
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

  private final DevstackOptions options;
  private final AdminCredentials admin;
  private final RunLock runLock;
  private final ScheduledExecutorService restarts =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("devstack-restarts").daemon().factory());
  private final Thread shutdownHook = new Thread(this::close, "devstack-shutdown");
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Map<Part, SupervisedProcess> processes = new LinkedHashMap<>();
  private boolean closing;

  private Devstack(DevstackOptions options, AdminCredentials admin, RunLock runLock) {
    this.options = options;
    this.admin = admin;
    this.runLock = runLock;
  }

  /** {@code ./devstack [run [--fresh] [--demo]] | part kafka|mongo|smtp [options] | help}. */
  public static void main(String[] args) {
    int status = CommandLine.run(List.of(args), System.getenv());
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Stops what an earlier run left behind, starts the infrastructure and waits until it is ready,
   * then the services, and waits until every one reports UP.
   *
   * @throws DevstackException when something is missing or a part does not become ready; whatever
   *     was started is stopped again
   */
  public static Devstack start(DevstackOptions options) {
    requireBuilt(options);
    var runLock = RunLock.acquire(options.dataDir().resolve("run"));
    Devstack stack;
    try {
      StaleProcesses.stop(stalePidFiles(options), STOP_GRACE);
      if (options.fresh()) {
        log.info("Starting fresh: deleting {}/data and logs", options.dataDir());
        Directories.delete(options.dataDir().resolve("data"));
        Directories.delete(options.dataDir().resolve("logs"));
      }
      requirePortsFree(options);
      stack = new Devstack(options, AdminCredentials.ensure(options, System.getenv()), runLock);
    } catch (RuntimeException e) {
      runLock.release();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    try {
      ClassDataSharing.prepare(options.services(), options);
      stack.startAndAwait(Infrastructure.REQUIRED);
      stack.startAndAwait(options.services());
      if (options.prometheus()) {
        LocalPrometheus.writeConfig(
            options.repoRoot(), defaultToActualPorts(options), options.prometheusConfig());
        stack.startAndAwait(List.of(Infrastructure.PROMETHEUS));
      }
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  public DevstackOptions options() {
    return options;
  }

  /** Who may call the services' admin API, and see their health details. */
  public AdminCredentials adminCredentials() {
    return admin;
  }

  /** {@code http://localhost:<port>} of a running service, e.g. {@code "order-service"}. */
  public String serviceUrl(String service) {
    supervised(service);
    return "http://localhost:" + options.port(Service.named(service));
  }

  public String kafkaBootstrapServers() {
    return "localhost:" + options.port(Infrastructure.KAFKA);
  }

  public String mongoUri(String database) {
    return "mongodb://localhost:" + options.port(Infrastructure.MONGO) + "/" + database;
  }

  public int smtpPort() {
    return options.port(Infrastructure.SMTP);
  }

  /** {@code http://localhost:<port>} of Prometheus, if this stack runs it. */
  public Optional<String> prometheusUrl() {
    return options.prometheus()
        ? Optional.of("http://localhost:" + options.port(Infrastructure.PROMETHEUS))
        : Optional.empty();
  }

  /** The pid of the part's current process, which changes when the part is restarted. */
  public long pid(String part) {
    return supervised(part).pid();
  }

  /** Kills the part's process with SIGKILL, as a crash would; the supervisor restarts it. */
  public void kill(String part) {
    supervised(part).kill();
  }

  /** Whether the part serves now: a service's health is UP, a port answers, the broker serves. */
  public boolean isReady(String part) {
    return PartLaunch.readiness(Part.named(part), options).isReady();
  }

  /** How many times the part has been restarted after dying. */
  public int restarts(String part) {
    return supervised(part).restarts();
  }

  public Path logFile(String part) {
    return options.logFile(Part.named(part));
  }

  /** Blocks until {@link #close} has stopped everything, from whichever thread. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops the services (in parallel), then SMTP, MongoDB and Kafka: SIGTERM, and SIGKILL for a part
   * still running 30 s later. Deletes the pid files.
   */
  @Override
  public void close() {
    LinkedHashMap<Part, SupervisedProcess> started;
    synchronized (this) {
      if (closing) {
        awaitClosedQuietly();
        return;
      }
      closing = true;
      started = new LinkedHashMap<>(processes);
    }
    started.values().forEach(SupervisedProcess::stopRestarting);
    try (var stopping = Executors.newVirtualThreadPerTaskExecutor()) {
      started.forEach((part, process) -> {
        if (part instanceof Service) {
          stopping.submit(() -> stop(process));
        }
      });
    }
    started.sequencedEntrySet().reversed().stream()
        .filter(entry -> entry.getKey() instanceof Infrastructure)
        .forEach(entry -> stop(entry.getValue()));
    restarts.shutdownNow();
    runLock.release();
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook is running or about to; it will find everything stopped.
      }
    }
    log.info("Stopped");
    closed.countDown();
  }

  private void stop(SupervisedProcess process) {
    process.stop(STOP_GRACE);
    log.info("{} stopped", process.name());
  }

  private void startAndAwait(List<? extends Part> parts) {
    var pending = new LinkedHashMap<Part, Readiness>();
    var startedAt = new LinkedHashMap<Part, Instant>();
    for (var part : parts) {
      launch(part);
      pending.put(part, PartLaunch.readiness(part, options));
      startedAt.put(part, Instant.now());
    }
    var deadline = Instant.now().plus(options.readyTimeout());
    while (!pending.isEmpty()) {
      pending
          .entrySet()
          .removeIf(entry -> {
            boolean ready = entry.getValue().isReady();
            if (ready) {
              var part = entry.getKey();
              log.info(
                  "{} ready on port {} in {}",
                  part.partName(),
                  options.port(part),
                  seconds(Duration.between(startedAt.get(part), Instant.now())));
            }
            return ready;
          });
      if (pending.isEmpty()) {
        return;
      }
      synchronized (this) {
        if (closing) {
          throw new DevstackException("Stopped while starting");
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw notReady(pending.keySet().iterator().next());
      }
      sleep(POLL_INTERVAL);
    }
  }

  private synchronized void launch(Part part) {
    if (closing) {
      throw new DevstackException("Stopped while starting");
    }
    try {
      var process =
          SupervisedProcess.start(
              PartLaunch.spec(part, options, admin), RestartBackoff.standard(), restarts);
      processes.put(part, process);
      log.info("{} started, pid {}", part.partName(), process.pid());
    } catch (IOException e) {
      throw new DevstackException("Could not start " + part.partName() + ": " + e.getMessage(), e);
    }
  }

  private DevstackException notReady(Part part) {
    var logFile = options.logFile(part);
    var tail =
        LogTail.lastLines(logFile, 15).stream()
            .map(line -> "  | " + line)
            .collect(Collectors.joining(System.lineSeparator()));
    return new DevstackException(
        "%s was not ready within %d s. The end of %s:%n%s"
            .formatted(part.partName(), options.readyTimeout().toSeconds(), logFile, tail));
  }

  private synchronized SupervisedProcess supervised(String part) {
    var process = processes.get(Part.named(part));
    if (process == null) {
      throw new IllegalArgumentException(part + " is not running in this stack");
    }
    return process;
  }

  private void awaitClosedQuietly() {
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void requireBuilt(DevstackOptions options) {
    var missing = new ArrayList<String>();
    if (!Files.isRegularFile(options.devstackJar())) {
      missing.add(
          "devstack is not built: %s is missing. Build it with: ./mvnw -B -DskipTests package -pl :devstack -am"
              .formatted(options.devstackJar()));
    }
    for (var service : options.services()) {
      var jar = options.serviceJar(service);
      if (!Files.isRegularFile(jar)) {
        missing.add(
            "%s is not built: %s is missing. Build it with: ./mvnw -B -DskipTests package -pl %s -am"
                .formatted(service.partName(), jar, service.partName()));
      }
    }
    if (!missing.isEmpty()) {
      throw new DevstackException(
          String.join(System.lineSeparator(), missing)
              + System.lineSeparator()
              + "(or build everything: ./mvnw -B -DskipTests package)");
    }
  }

  /**
   * Every part's pid file, not only those of the parts to run now: an earlier run may have had
   * more.
   */
  /** Each part's usual port, which the Prometheus configuration names, to the one it listens on. */
  private static Map<Integer, Integer> defaultToActualPorts(DevstackOptions options) {
    var ports = new HashMap<Integer, Integer>();
    Part.all().forEach(part -> ports.put(part.defaultPort(), options.port(part)));
    return ports;
  }

  private static Map<Path, ProcessTag> stalePidFiles(DevstackOptions options) {

    var pidFiles = new LinkedHashMap<Path, ProcessTag>();
    Part.all().forEach(part -> pidFiles.put(options.pidFile(part), PartLaunch.tag(part, options)));
    return pidFiles;
  }

  private static void requirePortsFree(DevstackOptions options) {
    var busy = new ArrayList<String>();
    for (var part : options.parts()) {
      int port = options.port(part);
      try (var socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port));
      } catch (IOException e) {
        busy.add(
            "port %d for %s is in use: stop what listens there, or set %s to another port"
                .formatted(port, part.partName(), part.portVariable()));
      }
    }
    if (!busy.isEmpty()) {
      throw new DevstackException(String.join(System.lineSeparator(), busy));
    }
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DevstackException("Interrupted while starting", e);
    }
  }

  /**
   * One devstack per data directory: a second one would stop the first one's parts as stale. The
   * operating system releases the lock when the process dies, however it dies.
   */
  private record RunLock(FileChannel channel, FileLock lock, Path pidFile) {

    static RunLock acquire(Path runDir) {
      try {
        Files.createDirectories(runDir);
        var pidFile = runDir.resolve("devstack.pid");
        var channel =
            FileChannel.open(
                runDir.resolve("devstack.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
          lock = null;
        }
        if (lock == null) {
          channel.close();
          throw new DevstackException(
              "devstack already runs with its data in %s (pid %s): stop it first"
                  .formatted(runDir.getParent(), readQuietly(pidFile)));
        }
        Files.writeString(pidFile, ProcessHandle.current().pid() + System.lineSeparator());
        return new RunLock(channel, lock, pidFile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String readQuietly(Path pidFile) {
      try {
        return Files.readString(pidFile).strip();
      } catch (IOException e) {
        return "unknown";
      }
    }

    void release() {
      try {
        Files.deleteIfExists(pidFile);
        lock.release();
        channel.close();
      } catch (IOException e) {
        log.warn("Could not release {}: {}", pidFile, e.getMessage());
      }
    }
  }
}
