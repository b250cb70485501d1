package dev.orderflow.devstack;

import dev.orderflow.devstack.supervisor.ProcessSpec;
import dev.orderflow.devstack.supervisor.ProcessTag;
import dev.orderflow.devstack.supervisor.Readiness;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

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
   * of it free, so a part is as big as what it holds rather than its peak (docs/benchmarks.md).
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

  static ProcessSpec spec(Part part, DevstackOptions options, AdminCredentials admin) {
    var command = new ArrayList<String>();
    command.add(javaExecutable());
    command.addAll(SHARED_JAVA_OPTIONS);
    if (trimsNativeHeap(Runtime.version())) {
      command.add(TRIM_NATIVE_HEAP);
    }
    command.addAll(part.javaOptions());
    command.addAll(ClassDataSharing.javaOptions(part, options));
    // A JVM out of memory limps on; exiting lets the supervisor restart it.
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.addAll(tag(part, options).javaOptions());
    var childEnvironment = new HashMap<String, String>();
    childEnvironment.put(SUPERVISOR_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
    switch (part) {
      case Infrastructure infrastructure ->
          command.addAll(infrastructureArguments(infrastructure, options));
      case Service service -> {
        command.addAll(serviceArguments(service, options));
        childEnvironment.put(AdminCredentials.USER_VARIABLE, admin.user());
        childEnvironment.put(AdminCredentials.PASSWORD_VARIABLE, admin.password());
      }
    }
    return new ProcessSpec(
        part.partName(), command, childEnvironment, options.logFile(part), options.pidFile(part));
  }

  static ProcessTag tag(Part part, DevstackOptions options) {
    return new ProcessTag(part.partName(), options.dataDir());
  }

  static Readiness readiness(Part part, DevstackOptions options) {
    int port = options.port(part);
    return switch (part) {
      case Infrastructure.KAFKA -> new Readiness.KafkaCluster(port);
      case Infrastructure infrastructure -> new Readiness.PortOpen(port);
      case Service service ->
          new Readiness.HealthUp(URI.create("http://localhost:" + port + "/actuator/health"));
    };
  }

  private static List<String> infrastructureArguments(
      Infrastructure part, DevstackOptions options) {
    var arguments =
        new ArrayList<>(
            List.of(
                "-jar",
                options.devstackJar().toString(),
                "part",
                part.partName(),
                "--port",
                Integer.toString(options.port(part))));
    switch (part) {
      case KAFKA ->
          arguments.addAll(
              List.of(
                  "--data",
                  options.dataDir(part).toString(),
                  "--partitions",
                  Integer.toString(options.partitions())));
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

  private static List<String> serviceArguments(Service service, DevstackOptions options) {
    var arguments = new ArrayList<String>();
    arguments.addAll(
        List.of(
            "-jar",
            ClassDataSharing.runnableJar(service, options).toString(),
            "--server.port=" + options.port(service),
            // This machine only, unless DEVSTACK_BIND says otherwise.
            "--server.address=" + options.bindAddress(),
            "--spring.kafka.bootstrap-servers=localhost:" + options.port(Infrastructure.KAFKA),
            "--spring.mongodb.uri=mongodb://localhost:"
                + options.port(Infrastructure.MONGO)
                + "/"
                + service.database(),
            "--spring.mail.host=localhost",
            "--spring.mail.port=" + options.port(Infrastructure.SMTP),
            "--orderflow.kafka.partitions=" + options.partitions(),
            // One instance per service here: a restarted one reclaims its partitions at once.
            "--orderflow.kafka.instance-id=devstack",
            // ...and it hands every write to its own relay, so the sweep only finds what a crash
            // left behind; mongo-java-server answers its query with a scan that holds the
            // collection, which every 5 s made each order-service write wait ~240 ms under load
            // (docs/benchmarks.md).
            "--orderflow.outbox.sweep-interval=30s",
            // Two cores: polls that wait up to 10 ms for 8 KB, so a poll holds several records for
            // the batch listeners to share their writes (docs/benchmarks.md: capacity 40 -> 80-160
            // orders/s on the ladder); one listener thread per service below.
            "--spring.kafka.consumer.fetch-min-size=8KB",
            "--spring.kafka.consumer.fetch-max-wait=10ms",

            // JSON log lines (Elastic Common Schema) with traceId, spanId and orderId.
            "--logging.structured.format.console=ecs"));

    if (service != Service.NOTIFICATION) {
      // One thread takes every partition's records, in bigger polls. Not notification-service:
      // its records wait on SMTP round trips, and with one thread it fell behind at 160 orders/s
      // (its last email 71 s after the last order, which ./devstack verify saw unsent); it keeps
      // one thread per partition.
      arguments.add("--spring.kafka.listener.concurrency=1");
    }
    arguments.addAll(options.serviceArguments());
    return arguments;
  }

  static boolean trimsNativeHeap(Runtime.Version java) {
    return java.compareToIgnoreOptional(TRIM_NATIVE_HEAP_SINCE) >= 0;
  }

  static String javaExecutable() {
    // The JDK the supervisor runs on, which ./devstack checked is 21 or newer.
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
