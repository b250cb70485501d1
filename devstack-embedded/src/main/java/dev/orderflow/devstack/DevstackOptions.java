package dev.orderflow.devstack;

import dev.orderflow.devstack.prometheus.LocalPrometheus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What {@link Devstack#start} runs and where. Immutable: every {@code with}-style method returns a
 * copy, so a test can start from {@link #defaults} and change only what it needs.
 *
 * @param repoRoot the checkout, where each service's runnable jar is built
 * @param dataDir everything devstack writes: {@code data/}, {@code logs/} and {@code run/} (pid
 *     files); {@code <repoRoot>/.devstack} by default
 * @param ports the port of every part, services that do not run included
 * @param services the services to run after the infrastructure, none for infrastructure only
 * @param partitions partitions of every event topic
 * @param fresh delete {@code data/} and {@code logs/} before starting
 * @param devstackJar the runnable devstack jar, which runs the infrastructure parts
 * @param readyTimeout how long the infrastructure, then the services, may take to become ready
 * @param serviceArguments extra arguments for every service (Spring Boot's {@code --name=value}),
 *     e.g. where to export traces
 * @param prometheus run Prometheus after the services; by default when a {@code prometheus} binary
 *     is on the {@code PATH}, never with {@code DEVSTACK_PROMETHEUS=off}
 * @param bindAddress where the services and Prometheus listen: {@value #LOOPBACK} (this machine
 *     only) unless {@code DEVSTACK_BIND} says {@code 0.0.0.0} (every interface). Kafka, MongoDB and
 *     SMTP, which authenticate nobody, listen on this machine only, always.
 * @param instances processes of every service, 1 to {@value #MAX_INSTANCES}: the first on the
 *     service's port, the k-th {@value #INSTANCE_PORT_STEP}·(k−1) above it ({@link
 *     #port(Instance)})
 * @param brokers Kafka nodes, 1 or 3: three are one cluster (three voters, replication 3, two in
 *     sync), on the Kafka port and the two above it
 * @param rules the alerting rules Prometheus loads: the standard ones, or the training ones ({@code
 *     --training-rules}, {@code DEVSTACK_RULES=training}: the same alerts after 1 minute)
 * @param console run the web console with the services (when there are services): {@code
 *     ./devstack} does, unless {@code DEVSTACK_CONSOLE=off}; {@link #defaults} does not, so that
 *     tests and the benchmark run only what they measure
 */
public record DevstackOptions(
    Path repoRoot,
    Path dataDir,
    Map<Part, Integer> ports,
    List<Service> services,
    int partitions,
    boolean fresh,
    Path devstackJar,
    Duration readyTimeout,
    List<String> serviceArguments,
    boolean prometheus,
    String bindAddress,
    int instances,
    int brokers,
    LocalPrometheus.Rules rules,
    boolean console) {

  /** The project version, which is in the name of every runnable jar. */
  public static final String VERSION = buildVersion();

  public static final String SERVICES_VARIABLE = "DEVSTACK_SERVICES";
  public static final String PARTITIONS_VARIABLE = "DEVSTACK_PARTITIONS";
  public static final String PROMETHEUS_VARIABLE = "DEVSTACK_PROMETHEUS";
  public static final String BIND_VARIABLE = "DEVSTACK_BIND";
  public static final String RULES_VARIABLE = "DEVSTACK_RULES";
  public static final String CONSOLE_VARIABLE = "DEVSTACK_CONSOLE";

  /** The most instances of each service ({@code --instances}): every one costs ~330 MB. */
  public static final int MAX_INSTANCES = 4;

  /** The k-th instance of a service listens this many ports times (k−1) above the first. */
  public static final int INSTANCE_PORT_STEP = 100;

  /** How many Kafka nodes a stack may have: one, or a quorum of three. */
  public static final List<Integer> BROKER_COUNTS = List.of(1, 3);

  /** The default {@link #bindAddress}: this machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  private static final int MAX_PORT = 65535;

  public DevstackOptions {
    repoRoot = repoRoot.toAbsolutePath().normalize();
    dataDir = dataDir.toAbsolutePath().normalize();
    ports = Map.copyOf(ports);
    serviceArguments = List.copyOf(serviceArguments);
    services = List.copyOf(new LinkedHashSet<>(services));
    devstackJar = devstackJar.toAbsolutePath().normalize();
    if (!ports.keySet().containsAll(Part.all())) {
      throw new IllegalArgumentException("Every part needs a port: " + ports);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (!List.of(LOOPBACK, "0.0.0.0").contains(bindAddress)) {
      throw new IllegalArgumentException(
          BIND_VARIABLE
              + " is "
              + LOOPBACK
              + " (this machine only) or 0.0.0.0 (every interface), was "
              + bindAddress);
    }
    if (instances < 1 || instances > MAX_INSTANCES) {
      throw new IllegalArgumentException(
          "--instances must be 1 to %d (instances of every service, ~330 MB each), was %d"
              .formatted(MAX_INSTANCES, instances));
    }
    if (!BROKER_COUNTS.contains(brokers)) {
      throw new IllegalArgumentException(
          "--brokers must be 1 or 3 (a KRaft quorum needs a majority: with 2, losing either"
              + " stops the cluster), was "
              + brokers);
    }
  }

  /** All four services on their usual ports, data in {@code <repoRoot>/.devstack}. */
  public static DevstackOptions defaults(Path repoRoot) {
    var ports = new HashMap<Part, Integer>();
    Part.all().forEach(part -> ports.put(part, part.defaultPort()));
    return new DevstackOptions(
        repoRoot,
        repoRoot.resolve(".devstack"),
        ports,
        List.of(Service.values()),
        3,
        false,
        findDevstackJar(repoRoot),
        Duration.ofMinutes(3),
        List.of(),
        LocalPrometheus.binary(System.getenv()).isPresent(),
        LOOPBACK,
        1,
        1,
        LocalPrometheus.Rules.STANDARD,
        false);
  }

  /**
   * The jar this JVM runs from when it is the {@code ./devstack} command; otherwise the one built
   * in whichever module of {@code repoRoot} builds it.
   */
  static Path findDevstackJar(Path repoRoot) {
    var jarName = "devstack-" + VERSION + "-exec.jar";
    var classPath = Path.of(System.getProperty("java.class.path", ""));
    if (classPath.getFileName() != null && classPath.getFileName().toString().equals(jarName)) {
      return classPath;
    }
    try (var modules = Files.list(repoRoot)) {
      return modules
          .map(module -> module.resolve("target").resolve(jarName))
          .filter(Files::isRegularFile)
          .findFirst()
          .orElse(repoRoot.resolve("devstack-embedded/target").resolve(jarName));
    } catch (IOException e) {
      return repoRoot.resolve("devstack-embedded/target").resolve(jarName);
    }
  }

  /**
   * Applies the {@code DEVSTACK_*} variables: a port per part ({@code DEVSTACK_KAFKA_PORT}, {@code
   * DEVSTACK_ORDER_PORT}, ...), {@code DEVSTACK_SERVICES} (comma-separated service names, or {@code
   * none}), {@code DEVSTACK_PARTITIONS}, {@code DEVSTACK_PROMETHEUS=off}, {@code DEVSTACK_BIND},
   * {@code DEVSTACK_RULES} and {@code DEVSTACK_CONSOLE=off}.
   */
  public DevstackOptions withEnvironment(Map<String, String> environment) {
    var options = this;
    for (var part : Part.all()) {
      var value = environment.get(part.portVariable());
      if (value != null && !value.isBlank()) {
        options = options.port(part, parsePort(part.portVariable(), value));
      }
    }
    var services = environment.get(SERVICES_VARIABLE);
    if (services != null && !services.isBlank()) {
      options = options.services(parseServices(services));
    }
    var partitions = environment.get(PARTITIONS_VARIABLE);
    if (partitions != null && !partitions.isBlank()) {
      options = options.partitions(parseNumber(PARTITIONS_VARIABLE, partitions));
    }
    if ("off".equalsIgnoreCase(environment.getOrDefault(PROMETHEUS_VARIABLE, "").strip())) {
      options = options.prometheus(false);
    }
    if ("off".equalsIgnoreCase(environment.getOrDefault(CONSOLE_VARIABLE, "").strip())) {
      options = options.console(false);
    }
    var bind = environment.get(BIND_VARIABLE);
    if (bind != null && !bind.isBlank()) {
      options = options.bindAddress(bind.strip());
    }
    var rules = environment.get(RULES_VARIABLE);
    if (rules != null && !rules.isBlank()) {
      options = options.rules(LocalPrometheus.Rules.named(rules));
    }
    return options;
  }

  public DevstackOptions dataDir(Path dataDir) {
    return with(copy -> copy.dataDir = dataDir);
  }

  public int port(Part part) {
    var port = ports.get(part);
    if (port == null) {
      throw new IllegalArgumentException("No port for " + part);
    }
    return port;
  }

  public DevstackOptions port(Part part, int port) {
    var changed = new HashMap<>(ports);
    changed.put(part, port);
    return with(copy -> copy.ports = changed);
  }

  /**
   * A free port for every part, so a test never collides with a running devstack: a block free as a
   * whole, as wide as the part can grow (a service's {@value #MAX_INSTANCES} instances {@value
   * #INSTANCE_PORT_STEP} apart; Kafka's three client and three controller ports in a row), no two
   * blocks sharing a port. Instances and brokers may be set before or after.
   */
  public DevstackOptions withFreePorts() {
    var taken = new HashSet<Integer>();
    var changed = new HashMap<Part, Integer>();
    for (var part : Part.all()) {
      changed.put(part, freeBlock(part, taken));
    }
    return with(copy -> copy.ports = changed);
  }

  private static int freeBlock(Part part, Set<Integer> taken) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = FreePorts.find();
      var block = block(part, base);
      if (block.stream().allMatch(port -> port <= MAX_PORT && !taken.contains(port))
          && block.stream().skip(1).allMatch(FreePorts::isFree)) {
        taken.addAll(block);
        return base;
      }
    }
    throw new IllegalStateException("No block of free ports for " + part.partName());
  }

  /** Every port {@code part} may use with its first port at {@code base}, the most instances. */
  private static List<Integer> block(Part part, int base) {
    int size =
        switch (part) {
          case Service service -> MAX_INSTANCES;
          // Three client ports, then three controller ports ({@link #controllerPort}).
          case Infrastructure.KAFKA -> 2 * BROKER_COUNTS.getLast();
          case Infrastructure other -> 1;
          case Console console -> 1;
        };
    int step = part instanceof Service ? INSTANCE_PORT_STEP : 1;
    var ports = new ArrayList<Integer>();
    for (int k = 0; k < size; k++) {
      ports.add(base + step * k);
    }
    return ports;
  }

  /** What a port of the {@link #portPlan} is for: an instance, or a Kafka node's controller. */
  public record PortUse(Instance instance, boolean controller) {

    /** {@code order-service-2}, {@code the controller of kafka-3}. */
    public String describe() {
      return controller ? "the controller of " + instance.name() : instance.name();
    }

    /** The environment variable that moves this port (and the others of its part). */
    public String variable() {
      return instance.part().portVariable();
    }
  }

  /**
   * Every port this stack listens on, to what: each instance of each part that runs, and a
   * cluster's controller ports. A single Kafka node's controller takes a free port at each start
   * and is not in it.
   *
   * @throws DevstackException when two of them are one port, or one is above 65535, with the
   *     variables that move them
   */
  public Map<Integer, PortUse> portPlan() {
    var plan = new TreeMap<Integer, PortUse>();
    var problems = new ArrayList<String>();
    var claims = new ArrayList<Map.Entry<Integer, PortUse>>();
    processes()
        .forEach(instance -> claims.add(Map.entry(port(instance), new PortUse(instance, false))));
    if (brokers > 1) {
      instancesOf(Infrastructure.KAFKA)
          .forEach(node ->
              claims.add(Map.entry(controllerPort(node.number()), new PortUse(node, true))));
    }
    for (var claim : claims) {
      int port = claim.getKey();
      var use = claim.getValue();
      var before = plan.get(port);
      if (port > MAX_PORT) {
        problems.add(
            "port %d for %s is above %d: set %s lower"
                .formatted(port, use.describe(), MAX_PORT, use.variable()));
      } else if (before != null) {
        problems.add(
            "port %d is planned for both %s and %s: set %s or %s to move one"
                .formatted(
                    port, before.describe(), use.describe(), before.variable(), use.variable()));
      } else {
        plan.put(port, use);
      }
    }
    if (!problems.isEmpty()) {
      throw new DevstackException(String.join(System.lineSeparator(), problems));
    }
    return Collections.unmodifiableMap(plan);
  }

  public DevstackOptions services(List<Service> services) {
    return with(copy -> copy.services = services);
  }

  public DevstackOptions services(String... names) {
    return services(Arrays.stream(names).map(Service::named).toList());
  }

  /** Kafka, MongoDB and SMTP only. */
  public DevstackOptions infrastructureOnly() {
    return services(List.of());
  }

  public DevstackOptions partitions(int partitions) {
    return with(copy -> copy.partitions = partitions);
  }

  public DevstackOptions fresh(boolean fresh) {
    return with(copy -> copy.fresh = fresh);
  }

  public DevstackOptions devstackJar(Path devstackJar) {
    return with(copy -> copy.devstackJar = devstackJar);
  }

  /** Adds {@code arguments} to the command line of every service. */
  public DevstackOptions serviceArguments(String... arguments) {
    var all = new ArrayList<>(serviceArguments);
    all.addAll(List.of(arguments));
    return with(copy -> copy.serviceArguments = all);
  }

  /**
   * Sets every per-client rate limit of the services ({@code orderflow.limits.clients.*}: writes,
   * the live stream, the admin API, refused admin credentials) to {@code perSecond}, burst
   * included: for a load generator or a test suite whose many simulated clients all come from this
   * machine's one address.
   */
  public DevstackOptions clientLimits(long perSecond) {
    var arguments = new ArrayList<String>();
    for (var limit : List.of("writes", "stream", "admin", "failed-logins")) {
      arguments.add("--orderflow.limits.clients.%s.per-second=%d".formatted(limit, perSecond));
      arguments.add("--orderflow.limits.clients.%s.burst=%d".formatted(limit, perSecond));
    }
    return serviceArguments(arguments.toArray(String[]::new));
  }

  /** Where the services and Prometheus listen: {@value #LOOPBACK} or {@code 0.0.0.0}. */
  public DevstackOptions bindAddress(String bindAddress) {
    return with(copy -> copy.bindAddress = bindAddress);
  }

  /** Where the admin password generated on the first start is kept. */
  public Path adminPasswordFile() {
    return dataDir.resolve("admin-password");
  }

  /** Whether to run the web console with the services ({@link #runsConsole}). */
  public DevstackOptions console(boolean console) {
    return with(copy -> copy.console = console);
  }

  /** The console runs where it was asked for and there are services for it to show. */
  public boolean runsConsole() {
    return console && !services.isEmpty();
  }

  /** The services, then the console if it runs: the applications started together. */
  public List<Application> applications() {
    var applications = new ArrayList<Application>(services);
    if (runsConsole()) {
      applications.add(Console.CONSOLE);
    }
    return List.copyOf(applications);
  }

  /** Whether to run Prometheus after the services (the binary must be on the {@code PATH}). */
  public DevstackOptions prometheus(boolean prometheus) {
    return with(copy -> copy.prometheus = prometheus);
  }

  /** {@code instances} processes of every service ({@code --instances}). */
  public DevstackOptions instances(int instances) {
    return with(copy -> copy.instances = instances);
  }

  /** One Kafka node, or a cluster of three ({@code --brokers}). */
  public DevstackOptions brokers(int brokers) {
    return with(copy -> copy.brokers = brokers);
  }

  /** The alerting rules Prometheus loads ({@code --training-rules}). */
  public DevstackOptions rules(LocalPrometheus.Rules rules) {
    return with(copy -> copy.rules = rules);
  }

  /**
   * What a running stack notes for the commands that talk to it: its instances and brokers, every
   * process's port ({@code port.order-service-2=8181}), Kafka's bootstrap servers, whether it runs
   * Prometheus and with which rules. Read back by {@link #withRunningTopology}.
   */
  public String topology() {
    var lines = new ArrayList<String>();
    lines.add("instances=" + instances);
    lines.add("brokers=" + brokers);
    processes().forEach(instance -> lines.add("port." + instance.name() + "=" + port(instance)));
    lines.add("kafka.bootstrap-servers=" + kafkaBootstrapServers());
    lines.add("prometheus=" + prometheus);
    lines.add("prometheus.rules=" + rules);
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }

  /**
   * These options with the instances, brokers, ports, services and Prometheus of the stack running
   * on {@link #dataDir} now, if one does ({@link #topology()}): for the commands that talk to it
   * ({@code verify}, {@code dlt}, {@code faults}, {@code drill}), whatever their environment says.
   */
  public DevstackOptions withRunningTopology() {
    var file = topologyFile();
    if (!Files.isRegularFile(file)) {
      return this;
    }
    var topology = new Properties();
    try (var in = Files.newInputStream(file)) {
      topology.load(in);
    } catch (IOException e) {
      return this;
    }
    try {
      var running =
          instances(Integer.parseInt(topology.getProperty("instances", "1").strip()))
              .brokers(Integer.parseInt(topology.getProperty("brokers", "1").strip()));
      var services = new ArrayList<Service>();
      running = running.console(topology.getProperty("port." + Console.CONSOLE.partName()) != null);
      for (var part : Part.all()) {
        var port = topology.getProperty("port." + part.partName());
        if (port != null) {
          running = running.port(part, parsePort("port." + part.partName(), port));
          if (part instanceof Service service) {
            services.add(service);
          }
        }
      }
      var prometheus = topology.getProperty("prometheus");
      if (prometheus != null) {
        // A topology written before these lines says nothing: the defaults stay.
        running =
            running
                .services(services)
                .prometheus(Boolean.parseBoolean(prometheus.strip()))
                .rules(
                    LocalPrometheus.Rules.named(
                        topology.getProperty("prometheus.rules", "standard")));
      }
      return running;
    } catch (IllegalArgumentException e) {
      return this;
    }
  }

  /** Where a running stack notes its instances and brokers ({@link #withRunningTopology}). */
  public Path topologyFile() {
    return dataDir.resolve("run").resolve("topology.properties");
  }

  /**
   * The port of one instance: a service's k-th on its port + {@value #INSTANCE_PORT_STEP}·(k−1)
   * (8081, 8181, 8281 ...); Kafka's k-th node on the Kafka port + (k−1) (9092, 9093, 9094).
   */
  public int port(Instance instance) {
    int base = port(instance.part());
    return switch (instance.part()) {
      case Service service -> base + INSTANCE_PORT_STEP * (instance.number() - 1);
      case Infrastructure.KAFKA -> base + instance.number() - 1;
      case Infrastructure other -> once(instance, base);
      case Console console -> once(instance, base);
    };
  }

  private static int once(Instance instance, int base) {
    if (instance.number() != 1) {
      throw new IllegalArgumentException(instance.part().partName() + " runs once");
    }
    return base;
  }

  /**
   * The controller port of Kafka node {@code node} in a cluster of three: after the three client
   * ports (9095, 9096, 9097). A single node takes a free one at each start.
   */
  public int controllerPort(int node) {
    return port(Infrastructure.KAFKA) + brokers + node - 1;
  }

  /** Every Kafka node's client address: {@code localhost:9092,localhost:9093,localhost:9094}. */
  public String kafkaBootstrapServers() {
    return instancesOf(Infrastructure.KAFKA).stream()
        .map(node -> "localhost:" + port(node))
        .collect(java.util.stream.Collectors.joining(","));
  }

  /** The instances of {@code part} in this stack, the first first. */
  public List<Instance> instancesOf(Part part) {
    int count =
        switch (part) {
          case Service service -> instances;
          case Infrastructure.KAFKA -> brokers;
          case Infrastructure other -> 1;
          case Console console -> 1;
        };
    var all = new ArrayList<Instance>();
    for (int number = 1; number <= count; number++) {
      all.add(new Instance(part, number));
    }
    return List.copyOf(all);
  }

  /** Every process to run, in start order: {@link #parts()}, each with its instances. */
  public List<Instance> processes() {
    return parts().stream().flatMap(part -> instancesOf(part).stream()).toList();
  }

  /**
   * Every process a stack on this data directory may have run, at the most instances and brokers:
   * an earlier run may have had more than this one.
   */
  public List<Instance> everyPossibleProcess() {
    var all = new ArrayList<Instance>();
    for (var part : Part.all()) {
      int most =
          switch (part) {
            case Service service -> MAX_INSTANCES;
            case Infrastructure.KAFKA -> BROKER_COUNTS.getLast();
            case Infrastructure other -> 1;
            case Console console -> 1;
          };
      for (int number = 1; number <= most; number++) {
        all.add(new Instance(part, number));
      }
    }
    return List.copyOf(all);
  }

  public DevstackOptions readyTimeout(Duration readyTimeout) {
    return with(copy -> copy.readyTimeout = readyTimeout);
  }

  /** These options with {@code change} applied to a copy; the constructor checks the result. */
  private DevstackOptions with(Consumer<Copy> change) {
    var copy = new Copy(this);
    change.accept(copy);
    return new DevstackOptions(
        copy.repoRoot,
        copy.dataDir,
        copy.ports,
        copy.services,
        copy.partitions,
        copy.fresh,
        copy.devstackJar,
        copy.readyTimeout,
        copy.serviceArguments,
        copy.prometheus,
        copy.bindAddress,
        copy.instances,
        copy.brokers,
        copy.rules,
        copy.console);
  }

  /** The components of the options, to change one or two of them. */
  private static final class Copy {
    Path repoRoot;
    Path dataDir;
    Map<Part, Integer> ports;
    List<Service> services;
    int partitions;
    boolean fresh;
    Path devstackJar;
    Duration readyTimeout;
    List<String> serviceArguments;
    boolean prometheus;
    String bindAddress;
    int instances;
    int brokers;
    LocalPrometheus.Rules rules;
    boolean console;

    Copy(DevstackOptions options) {
      repoRoot = options.repoRoot;
      dataDir = options.dataDir;
      ports = options.ports;
      services = options.services;
      partitions = options.partitions;
      fresh = options.fresh;
      devstackJar = options.devstackJar;
      readyTimeout = options.readyTimeout;
      serviceArguments = options.serviceArguments;
      prometheus = options.prometheus;
      bindAddress = options.bindAddress;
      instances = options.instances;
      brokers = options.brokers;
      rules = options.rules;
      console = options.console;
    }
  }

  /** The runnable jar of a service or the console, built in the module of its name. */
  public Path serviceJar(Application application) {
    var module = application.partName();
    return repoRoot.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-exec.jar");
  }

  /**
   * What outlives a fresh start: the class-data sharing archives and the extracted service jars
   * ({@link ClassDataSharing}), shared by every stack of the checkout.
   */
  public Path cacheDir() {
    return repoRoot.resolve(".devstack").resolve("cache");
  }

  /** Where {@code ./devstack} writes the Prometheus configuration with the ports in use. */
  public Path prometheusConfig() {
    return dataDir.resolve("run").resolve("prometheus.yml");
  }

  /** Kafka's log directory, MongoDB's H2 file, Prometheus' database. */
  public Path dataDir(Infrastructure part) {
    return dataDir.resolve("data").resolve(part.partName());
  }

  /** A Kafka node's log directory: {@code data/kafka}, {@code data/kafka-2} ... */
  public Path dataDir(Instance instance) {
    if (!(instance.part() instanceof Infrastructure infrastructure)) {
      throw new IllegalArgumentException(instance.name() + " keeps no data of its own");
    }
    return instance.number() == 1
        ? dataDir(infrastructure)
        : dataDir.resolve("data").resolve(instance.name());
  }

  public Path logFile(Part part) {
    return logFile(Instance.first(part));
  }

  public Path logFile(Instance instance) {
    return dataDir.resolve("logs").resolve(instance.name() + ".log");
  }

  public Path pidFile(Part part) {
    return pidFile(Instance.first(part));
  }

  public Path pidFile(Instance instance) {
    return dataDir.resolve("run").resolve(instance.name() + ".pid");
  }

  /**
   * While this file exists, the supervisor does not restart the instance when it dies ({@code
   * ./devstack drill} holds a part this way); it restarts it once the file is removed.
   */
  public Path holdFile(Instance instance) {
    return holdDir().resolve(instance.name());
  }

  /** Where the hold files are: {@link #holdFile}. */
  public Path holdDir() {
    return dataDir.resolve("run").resolve("hold");
  }

  /** The parts to run, in start order. */
  public List<Part> parts() {
    var parts = new ArrayList<Part>(Infrastructure.REQUIRED);
    parts.addAll(applications());
    if (prometheus) {
      parts.add(Infrastructure.PROMETHEUS);
    }
    return List.copyOf(parts);
  }

  private static List<Service> parseServices(String value) {
    if (value.strip().equals("none")) {
      return List.of();
    }
    try {
      return Arrays.stream(value.split("[,\\s]+"))
          .filter(name -> !name.isEmpty())
          .map(Service::named)
          .toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "%s must list services (%s) or be 'none', was '%s'"
              .formatted(
                  SERVICES_VARIABLE,
                  Arrays.stream(Service.values()).map(Service::partName).toList(),
                  value),
          e);
    }
  }

  private static int parsePort(String variable, String value) {
    int port = parseNumber(variable, value);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "%s must be a port number (1-65535), was '%s'".formatted(variable, value));
    }
    return port;
  }

  private static int parseNumber(String variable, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "%s must be a number, was '%s'".formatted(variable, value), e);
    }
  }

  private static String buildVersion() {
    try (var in = DevstackOptions.class.getResourceAsStream("build.properties")) {
      var properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
