package dev.orderflow.devstack;

import dev.orderflow.devstack.drill.ActiveDrills;
import dev.orderflow.devstack.kafka.InternalTopics;
import dev.orderflow.devstack.prometheus.LocalPrometheus;
import dev.orderflow.devstack.supervisor.LogTail;
import dev.orderflow.devstack.supervisor.ProcessTag;
import dev.orderflow.devstack.supervisor.Readiness;
import dev.orderflow.devstack.supervisor.RestartBackoff;
import dev.orderflow.devstack.supervisor.StaleProcesses;
import dev.orderflow.devstack.supervisor.SupervisedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  /** How long the broker's own topics may take to be created on a cluster that is ready. */
  private static final Duration INTERNAL_TOPICS_TIMEOUT = Duration.ofSeconds(60);

  private final DevstackOptions options;
  private final AdminCredentials admin;
  private final RunLock runLock;
  private final ScheduledExecutorService restarts =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("devstack-restarts").daemon().factory());
  private final Thread shutdownHook = new Thread(this::close, "devstack-shutdown");
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Map<Instance, SupervisedProcess> processes = new LinkedHashMap<>();
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
   * Drills an earlier supervisor left recorded as active: their holds and traffic ended with it, so
   * they are dropped from the record; their faults may still be on (faults persist in MongoDB), so
   * they are named with how to switch them off. {@code --fresh} deleted MongoDB's data: the record
   * goes too.
   */
  static void noteRecordedDrills(DevstackOptions options) {
    var recorded = new ActiveDrills(DrillCommand.drillDir(options)).afterRestart(options.fresh());
    if (recorded.isEmpty()) {
      return;
    }
    var names = recorded.stream().map(drill -> drill.hidden() ? "(hidden)" : drill.name()).toList();
    if (options.fresh()) {
      log.info(
          "Drills were recorded active ({}); --fresh deleted the faults' state: record cleared",
          String.join(", ", names));
      return;
    }
    log.warn(
        "Drills were recorded active: {}; their faults may still be on (faults persist in"
            + " MongoDB): ./devstack drill stop (holds and traffic ended with the earlier stack)",
        String.join(", ", names));
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
      // A hold is for the supervisor that saw it set; a new one starts every part.
      Directories.delete(options.holdDir());
      if (options.fresh()) {
        log.info("Starting fresh: deleting {}/data and logs", options.dataDir());
        Directories.delete(options.dataDir().resolve("data"));
        Directories.delete(options.dataDir().resolve("logs"));
      }
      noteRecordedDrills(options);
      requireKafkaDataFits(options);
      requirePortsFree(options);
      writeTopology(options);
      stack = new Devstack(options, AdminCredentials.ensure(options, System.getenv()), runLock);
    } catch (RuntimeException e) {
      runLock.release();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
    try {
      ClassDataSharing.prepare(options.applications(), options);
      stack.startAndAwait(instancesOf(Infrastructure.REQUIRED, options));
      if (options.brokers() > 1) {
        stack.awaitKafkaCluster();
      }
      // The console needs no service to start: it starts beside them, not after them.
      stack.startAndAwait(instancesOf(options.applications(), options));
      if (options.prometheus()) {
        LocalPrometheus.writeConfig(
            options.repoRoot(),
            defaultToActualPorts(options),
            options.prometheusConfig(),
            options.rules());
        stack.startAndAwait(instancesOf(List.of(Infrastructure.PROMETHEUS), options));
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

  /**
   * {@code http://localhost:<port>} of a running service instance: {@code "order-service"} (the
   * first) or {@code "order-service-2"}.
   */
  public String serviceUrl(String instance) {
    supervised(instance);
    var named = Instance.named(instance);
    if (!(named.part() instanceof Service)) {
      throw new IllegalArgumentException("'%s' is not a service".formatted(instance));
    }
    return "http://localhost:" + options.port(named);
  }

  /** Every instance's {@link #serviceUrl}, the first first. */
  public List<String> serviceUrls(String service) {
    return options.instancesOf(Service.named(service)).stream()
        .map(instance -> serviceUrl(instance.name()))
        .toList();
  }

  /** Every Kafka node's address, comma-separated. */
  public String kafkaBootstrapServers() {
    return options.kafkaBootstrapServers();
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
    return PartLaunch.readiness(Instance.named(part), options).isReady();
  }

  /** How many times the part has been restarted after dying. */
  public int restarts(String part) {
    return supervised(part).restarts();
  }

  public Path logFile(String part) {
    return options.logFile(Instance.named(part));
  }

  /** Blocks until {@link #close} has stopped everything, from whichever thread. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops the services and the console (in parallel), then Prometheus, SMTP and MongoDB, then every
   * Kafka node together: SIGTERM, and SIGKILL for a part still running 30 s later. Deletes the pid
   * files.
   */
  @Override
  public void close() {
    LinkedHashMap<Instance, SupervisedProcess> started;
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
      started.forEach((instance, process) -> {
        if (instance.part() instanceof Application) {
          stopping.submit(() -> stop(process));
        }
      });
    }
    started.sequencedEntrySet().reversed().stream()
        .filter(entry -> entry.getKey().part() instanceof Infrastructure)
        .filter(entry -> entry.getKey().part() != Infrastructure.KAFKA)
        .forEach(entry -> stop(entry.getValue()));
    // Every Kafka node at once: one by one, the last would find the quorum gone with the others,
    // wait for a controller to let it go, and be killed when the grace runs out.
    try (var stopping = Executors.newVirtualThreadPerTaskExecutor()) {
      started.forEach((instance, process) -> {
        if (instance.part() == Infrastructure.KAFKA) {
          stopping.submit(() -> stop(process));
        }
      });
    }
    restarts.shutdownNow();
    try {
      Files.deleteIfExists(options.topologyFile());
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", options.topologyFile(), e.getMessage());
    }
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

  private void startAndAwait(List<Instance> parts) {
    var pending = new LinkedHashMap<Instance, Readiness>();
    var startedAt = new LinkedHashMap<Instance, Instant>();
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
                  part.name(),
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

  /**
   * Before the services: every node of the cluster in it, unfenced (the services create their
   * topics replicated to all three, which a cluster short of a node refuses), then the broker's own
   * topics created ({@link InternalTopics}).
   */
  private void awaitKafkaCluster() {
    var begin = Instant.now();
    var nodes =
        options.instancesOf(Infrastructure.KAFKA).stream()
            .map(Instance::number)
            .collect(Collectors.toSet());
    var cluster = new Readiness.KafkaCluster(options.port(Infrastructure.KAFKA), nodes);
    var deadline = begin.plus(options.readyTimeout());
    while (!cluster.isReady()) {
      synchronized (this) {
        if (closing) {
          throw new DevstackException("Stopped while starting");
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new DevstackException(
            "The Kafka cluster did not have all of nodes %s within %d s; see %s"
                .formatted(
                    nodes,
                    options.readyTimeout().toSeconds(),
                    options.logFile(Infrastructure.KAFKA).getParent()));
      }
      sleep(POLL_INTERVAL);
    }
    try {
      InternalTopics.create(options.kafkaBootstrapServers(), INTERNAL_TOPICS_TIMEOUT);
      log.info(
          "Kafka cluster of {} nodes ready, {} created, in {}",
          nodes.size(),
          String.join(" and ", InternalTopics.NAMES.stream().sorted().toList()),
          seconds(Duration.between(begin, Instant.now())));
    } catch (Exception e) {
      // The services would create them later themselves; only a node lost early would hurt.
      log.warn(
          "Kafka cluster of {} nodes ready, but its own topics were not created within {}: {}",
          nodes.size(),
          seconds(INTERNAL_TOPICS_TIMEOUT),
          e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private synchronized void launch(Instance part) {
    if (closing) {
      throw new DevstackException("Stopped while starting");
    }
    try {
      var process =
          SupervisedProcess.start(
              PartLaunch.spec(part, options, admin), RestartBackoff.standard(), restarts);
      processes.put(part, process);
      log.info("{} started, pid {}", part.name(), process.pid());
    } catch (IOException e) {
      throw new DevstackException("Could not start " + part.name() + ": " + e.getMessage(), e);
    }
  }

  private DevstackException notReady(Instance part) {
    var logFile = options.logFile(part);
    var tail =
        LogTail.lastLines(logFile, 15).stream()
            .map(line -> "  | " + line)
            .collect(Collectors.joining(System.lineSeparator()));
    return new DevstackException(
        "%s was not ready within %d s. The end of %s:%n%s"
            .formatted(part.name(), options.readyTimeout().toSeconds(), logFile, tail));
  }

  private synchronized SupervisedProcess supervised(String part) {
    var process = processes.get(Instance.named(part));
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
    for (var service : options.applications()) {
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
    // The standard rules are part of every checkout; the training rules came later.
    var rules = options.rules().in(options.repoRoot());
    if (options.prometheus()
        && options.rules() == LocalPrometheus.Rules.TRAINING
        && !Files.isDirectory(rules)) {
      throw new DevstackException(
          "Prometheus' %s rules are not in this checkout: %s is missing"
              .formatted(options.rules(), rules));
    }
  }

  private static List<Instance> instancesOf(List<? extends Part> parts, DevstackOptions options) {
    return parts.stream().flatMap(part -> options.instancesOf(part).stream()).toList();
  }

  /**
   * Each part's usual port, which the Prometheus configuration names, to the ports its instances
   * listen on: Prometheus scrapes every instance.
   */
  static Map<Integer, List<Integer>> defaultToActualPorts(DevstackOptions options) {
    var ports = new HashMap<Integer, List<Integer>>();
    Part.all()
        .forEach(part ->
            ports.put(
                part.defaultPort(),
                options.instancesOf(part).stream().map(options::port).toList()));
    return ports;
  }

  /**
   * Every pid file a stack on this directory may have written, not only those of the processes to
   * run now: an earlier run may have had more parts, instances or brokers.
   */
  private static Map<Path, ProcessTag> stalePidFiles(DevstackOptions options) {
    var pidFiles = new LinkedHashMap<Path, ProcessTag>();
    options
        .everyPossibleProcess()
        .forEach(
            instance -> pidFiles.put(options.pidFile(instance), PartLaunch.tag(instance, options)));
    return pidFiles;
  }

  /**
   * Kafka's data must be the cluster's this stack runs: a single broker's data does not join a
   * cluster of three (another cluster id, a quorum of one), and a cluster's topics, replicated to
   * three with two in sync, take no writes on one node. A cluster's nodes are formatted all three
   * or none, with one cluster id: a node formatted afresh beside two with data would vote in their
   * quorum with an empty log.
   */
  static void requireKafkaDataFits(DevstackOptions options) {
    var first = options.dataDir(Infrastructure.KAFKA);
    var others =
        List.of(2, 3).stream()
            .map(number -> options.dataDir(new Instance(Infrastructure.KAFKA, number)))
            .toList();
    boolean clusterData = others.stream().anyMatch(Files::isDirectory);
    if (options.brokers() == 1 && clusterData) {
      throw new DevstackException(
          "The Kafka data in %s was written by a cluster of three brokers: run with --brokers 3,"
                  .formatted(first.getParent())
              + " or start a single broker from empty data with --fresh");
    }
    if (options.brokers() == 1) {
      return;
    }
    if (Files.isRegularFile(KafkaData.meta(first)) && !clusterData) {
      throw new DevstackException(
          "The Kafka data in %s was written by a single broker, which cannot join a cluster of"
                  .formatted(first)
              + " three: run without --brokers, or start the cluster from empty data with --fresh");
    }
    var nodes = options.instancesOf(Infrastructure.KAFKA);
    var formatted =
        nodes.stream()
            .filter(node -> Files.isRegularFile(KafkaData.meta(options.dataDir(node))))
            .toList();
    if (!formatted.isEmpty() && formatted.size() < nodes.size()) {
      var missing = new ArrayList<>(nodes);
      missing.removeAll(formatted);
      throw new DevstackException(
          "The Kafka data of %s is in %s, but not that of %s: a node cannot rejoin its cluster"
                  .formatted(formatted, first.getParent(), missing)
              + " from empty data. Start the cluster from empty data with --fresh");
    }
    var clusterIds =
        formatted.stream()
            .map(node -> KafkaData.clusterId(options.dataDir(node)).orElse("none"))
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    if (clusterIds.size() > 1) {
      throw new DevstackException(
          "The Kafka data in %s belongs to more than one cluster (ids %s): start the cluster from"
                  .formatted(first.getParent(), clusterIds)
              + " empty data with --fresh");
    }
  }

  /** For the commands that talk to this stack: {@link DevstackOptions#topology()}. */
  private static void writeTopology(DevstackOptions options) {
    try {
      Files.createDirectories(options.topologyFile().getParent());
      Files.writeString(options.topologyFile(), options.topology());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every port of the {@link DevstackOptions#portPlan} (distinct, each at most 65535) is free, or
   * the stack does not start: each one in use, with the variable that moves it.
   */
  static void requirePortsFree(DevstackOptions options) {
    var busy = new ArrayList<String>();
    options
        .portPlan()
        .forEach((port, use) -> {
          if (!FreePorts.isFree(port)) {
            busy.add(
                "port %d for %s is in use: stop what listens there, or set %s to move the %s"
                    .formatted(
                        port,
                        use.describe(),
                        use.variable(),
                        options.instancesOf(use.instance().part()).size() > 1
                            ? "ports of every " + use.instance().part().partName()
                            : "port"));
          }
        });
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
