package dev.orderflow.devstack;

import dev.orderflow.devstack.kafka.KafkaNode;
import dev.orderflow.devstack.supervisor.ProcessSpec;
import dev.orderflow.devstack.supervisor.ProcessTag;
import dev.orderflow.devstack.supervisor.Readiness;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How each part is launched: its command line and environment, the tag that identifies it later,
 * and when it counts as ready.
 */
final class PartLaunch {

  /** Tells an infrastructure part whom to follow: it exits when its supervisor is gone. */
  static final String SUPERVISOR_PID_VARIABLE = "DEVSTACK_SUPERVISOR_PID";

  /**
   * Eight JVMs share the machine's cores: each collects with the serial collector (no concurrent GC
   * threads competing with the others) and hands heap back as soon as a full collection leaves most
   * of it free, so a part is as big as what it holds rather than its peak
   * (docs/engineering/benchmarks.md).
   */
  static final List<String> SHARED_JAVA_OPTIONS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:MinHeapFreeRatio=10",
          "-XX:MaxHeapFreeRatio=30",
          "-XX:-ShrinkHeapInSteps");

  /**
   * The C heap too: glibc keeps what the compilers and libraries freed (30-40 MB per part here)
   * unless told to give it back, which the JVM does every 10 s with this option (a product option
   * from JDK 21.0.3; older JDKs run without it).
   */
  static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=10000";

  private static final Runtime.Version TRIM_NATIVE_HEAP_SINCE = Runtime.Version.parse("21.0.3");

  private PartLaunch() {}

  /**
   * A Kafka node's heap when three run: 512 MB each would be 1.5 GB for the brokers alone, and a
   * devstack's traffic needs far less (devstack-embedded/README.md, memory).
   */
  static final String CLUSTER_BROKER_HEAP = "-Xmx256m";

  static ProcessSpec spec(Part part, DevstackOptions options, AdminCredentials admin) {
    return spec(Instance.first(part), options, admin);
  }

  static ProcessSpec spec(Instance instance, DevstackOptions options, AdminCredentials admin) {
    var part = instance.part();
    var command = new ArrayList<String>();
    command.add(javaExecutable());
    command.addAll(SHARED_JAVA_OPTIONS);
    if (trimsNativeHeap(Runtime.version())) {
      command.add(TRIM_NATIVE_HEAP);
    }
    command.addAll(javaOptions(part, options));
    command.addAll(ClassDataSharing.javaOptions(instance, options));
    // A JVM out of memory limps on; exiting lets the supervisor restart it.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(tag(instance, options).javaOptions());
    var childEnvironment = new HashMap<String, String>();
    childEnvironment.put(SUPERVISOR_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
    switch (part) {
      case Infrastructure infrastructure ->
          command.addAll(infrastructureArguments(infrastructure, instance, options));
      case Service service -> {
        command.addAll(serviceArguments(service, instance, options));
        childEnvironment.put(AdminCredentials.USER_VARIABLE, admin.user());
        childEnvironment.put(AdminCredentials.PASSWORD_VARIABLE, admin.password());
      }
      // The console has no admin of its own: the page sends what its user types to the services.
      case Console console -> command.addAll(consoleArguments(options));
    }
    return new ProcessSpec(
        instance.name(),
        command,
        childEnvironment,
        options.logFile(instance),
        options.pidFile(instance),
        options.holdFile(instance));
  }

  private static List<String> javaOptions(Part part, DevstackOptions options) {
    if (part == Infrastructure.KAFKA && options.brokers() > 1) {
      return part.javaOptions().stream()
          .map(option -> option.startsWith("-Xmx") ? CLUSTER_BROKER_HEAP : option)
          .toList();
    }
    return part.javaOptions();
  }

  static ProcessTag tag(Part part, DevstackOptions options) {
    return tag(Instance.first(part), options);
  }

  static ProcessTag tag(Instance instance, DevstackOptions options) {
    return new ProcessTag(instance.name(), options.dataDir());
  }

  static Readiness readiness(Part part, DevstackOptions options) {
    return readiness(Instance.first(part), options);
  }

  static Readiness readiness(Instance instance, DevstackOptions options) {
    int port = options.port(instance);
    return switch (instance.part()) {
      // A node of a cluster: once it is registered and unfenced itself.
      case Infrastructure.KAFKA ->
          new Readiness.KafkaCluster(
              port, options.brokers() > 1 ? Set.of(instance.number()) : Set.of());
      case Infrastructure infrastructure -> new Readiness.PortOpen(port);
      case Application application ->
          new Readiness.HealthUp(URI.create("http://localhost:" + port + "/actuator/health"));
    };
  }

  private static List<String> infrastructureArguments(
      Infrastructure part, Instance instance, DevstackOptions options) {
    var arguments =
        new ArrayList<>(
            List.of(
                "-jar",
                options.devstackJar().toString(),
                "part",
                part.partName(),
                "--port",
                Integer.toString(options.port(instance))));
    switch (part) {
      case KAFKA -> {
        arguments.addAll(
            List.of(
                "--data",
                options.dataDir(instance).toString(),
                "--partitions",
                Integer.toString(options.partitions())));
        if (options.brokers() > 1) {
          arguments.addAll(
              List.of(
                  "--node",
                  Integer.toString(instance.number()),
                  "--voters",
                  kafkaCluster(options, instance).voters(),
                  "--cluster-id",
                  kafkaCluster(options, instance).clusterId()));
        }
      }
      case MONGO -> arguments.addAll(List.of("--data", options.dataDir(part).toString()));
      case SMTP -> {}
      case PROMETHEUS ->
          arguments.addAll(
              List.of(
                  "--data",
                  options.dataDir(part).toString(),
                  "--config",
                  options.prometheusConfig().toString(),
                  "--bind",
                  options.bindAddress()));
    }
    return arguments;
  }

  /** Kafka node {@code instance} of the stack's cluster of {@link DevstackOptions#brokers()}. */
  static KafkaNode kafkaCluster(DevstackOptions options, Instance instance) {
    var voters = new TreeMap<Integer, Integer>();
    for (var node : options.instancesOf(Infrastructure.KAFKA)) {
      voters.put(node.number(), options.controllerPort(node.number()));
    }
    return new KafkaNode(instance.number(), options.port(instance), voters, clusterId(options));
  }

  /**
   * The id of the stack's Kafka cluster: the one its data was formatted with when there is data (a
   * node whose directory went missing while it ran is formatted afresh with it), else one derived
   * from the stack's directory.
   */
  static String clusterId(DevstackOptions options) {
    return options.instancesOf(Infrastructure.KAFKA).stream()
        .map(node -> KafkaData.clusterId(options.dataDir(node)))
        .flatMap(Optional::stream)
        .findFirst()
        .orElseGet(() -> KafkaNode.clusterIdFor(options.dataDir().toString()));
  }

  private static List<String> serviceArguments(
      Service service, Instance instance, DevstackOptions options) {
    var arguments = new ArrayList<String>();
    arguments.addAll(
        List.of(
            "-jar",
            ClassDataSharing.runnableJar(service, options).toString(),
            "--server.port=" + options.port(instance),
            // This machine only, unless DEVSTACK_BIND says otherwise.
            "--server.address=" + options.bindAddress(),
            "--spring.kafka.bootstrap-servers=" + options.kafkaBootstrapServers(),
            "--spring.mongodb.uri=mongodb://localhost:"
                + options.port(Infrastructure.MONGO)
                + "/"
                + service.database(),
            "--spring.mail.host=localhost",
            "--spring.mail.port=" + options.port(Infrastructure.SMTP),
            "--orderflow.kafka.partitions=" + options.partitions(),
            // A distinct, stable id per instance (static membership): a restarted instance
            // reclaims its own partitions at once, and two never claim the same member id.
            "--orderflow.kafka.instance-id=devstack-" + instance.number(),
            // ...and it hands every write to its own relay, so the sweep only finds what a crash
            // left behind; mongo-java-server answers its query with a scan that holds the
            // collection, which every 5 s made each order-service write wait ~240 ms under load
            // (docs/engineering/benchmarks.md).
            "--orderflow.outbox.sweep-interval=30s"));
    arguments.addAll(fetchArguments(service));
    // JSON log lines (Elastic Common Schema) with traceId, spanId and orderId: Boot's ecs format,
    // written by the platform's EcsFormat, which encodes each line whole.
    arguments.add("--logging.structured.format.console=dev.orderflow.platform.logging.EcsFormat");

    arguments.add("--spring.kafka.listener.concurrency=" + listenerConcurrency(service, options));
    if (options.brokers() >= 3) {
      // The platform creates its topics replicated to all three nodes, two in sync: one node
      // lost, every write still acknowledged by two.
      arguments.add("--orderflow.kafka.replication-factor=3");
      arguments.add("--orderflow.kafka.min-insync-replicas=2");
    }
    arguments.addAll(options.serviceArguments());
    return arguments;
  }

  /**
   * The console, on its port, pointed at every instance of every service, the first first, those
   * this stack does not run included (the page then shows them as not answering). The console calls
   * one instance and goes on to the next only while one cannot be connected to, so a stopped or
   * restarting instance leaves the page on another.
   */
  private static List<String> consoleArguments(DevstackOptions options) {
    var arguments = new ArrayList<String>();
    arguments.addAll(
        List.of(
            "-jar",
            ClassDataSharing.runnableJar(Console.CONSOLE, options).toString(),
            "--server.port=" + options.port(Console.CONSOLE),
            "--server.address=" + options.bindAddress()));
    for (var service : Service.values()) {
      arguments.add(
          "--orderflow.console.services.%s=%s"
              .formatted(
                  service.consoleRoute(),
                  options.instancesOf(service).stream()
                      .map(instance -> "http://localhost:" + options.port(instance))
                      .collect(Collectors.joining(","))));
    }
    arguments.add("--logging.structured.format.console=ecs");
    return arguments;
  }

  /**
   * Two cores: polls that wait up to 10 ms for 8 KB, so a poll holds several records for the batch
   * listeners to share their writes (docs/engineering/benchmarks.md: capacity 40 -> 80-160 orders/s
   * on the ladder). notification-service is not on the way from an order's placement to its
   * decision, so its polls wait up to 250 ms for 64 KB: a few large batches a second instead of a
   * hundred small ones per listener thread, each paying a commit, three MongoDB commands and an
   * SMTP connection.
   */
  static List<String> fetchArguments(Service service) {
    return service == Service.NOTIFICATION
        ? List.of(
            "--spring.kafka.consumer.fetch-min-size=64KB",
            "--spring.kafka.consumer.fetch-max-wait=250ms")
        : List.of(
            "--spring.kafka.consumer.fetch-min-size=8KB",
            "--spring.kafka.consumer.fetch-max-wait=10ms");
  }

  /**
   * Listener threads per instance. One for most services: it takes every partition's records, in
   * bigger polls. notification-service's records wait on SMTP round trips, and one thread serving
   * every partition, or even two, fell behind at 160 orders/s (its last email 71 s after the last
   * order, which ./devstack verify saw unsent): each instance runs ceil(partitions / instances)
   * threads, so that the instances together have a thread for every partition. With more instances
   * than partitions, some threads hold no partition and wait for one to fall to them.
   */
  static int listenerConcurrency(Service service, DevstackOptions options) {
    return service == Service.NOTIFICATION
        ? Math.ceilDiv(options.partitions(), options.instances())
        : 1;
  }

  static boolean trimsNativeHeap(Runtime.Version java) {
    return java.compareToIgnoreOptional(TRIM_NATIVE_HEAP_SINCE) >= 0;
  }

  static String javaExecutable() {
    // The JDK the supervisor runs on, which ./devstack checked is 21 or newer.
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
