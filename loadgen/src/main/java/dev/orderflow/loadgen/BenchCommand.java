package dev.orderflow.loadgen;

import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.DevstackOptions;
import dev.orderflow.devstack.Part;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./devstack bench}: a fresh embedded stack (its own data directory and free ports, so a
 * running {@code ./devstack} is left alone), its time to ready, a warm-up, a measured run, the
 * resident memory of every part, and a raw Kafka baseline on the same broker, written to {@code
 * .devstack/bench/latest.json} and {@code latest.md}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks a fresh embedded stack against a raw Kafka baseline (./devstack bench).")
final class BenchCommand implements Callable<Integer> {

  /** The size of an OrderPlaced record with two lines, as the relay publishes it. */
  private static final int EVENT_BYTES = 420;

  @Mixin Workload workload = new Workload();

  BenchCommand() {
    // What a fresh stack on two cores sustains after its JIT has warmed up (docs/benchmarks.md);
    // --rate and --warmup change them.
    workload.rate = 20;
    workload.warmup = Duration.ofSeconds(60);
  }

  @Option(
      names = "--root",
      description =
          "The orderflow checkout (default: the devstack.root property, else the current directory).")
  Path root = Path.of(System.getProperty("devstack.root", "."));

  @Option(
      names = "--baseline-records",
      description = "Records the raw Kafka baseline sends (default ${DEFAULT-VALUE}).")
  long baselineRecords = 300_000;

  /** What {@code latest.json} holds: the contract's figures first, then how they were measured. */
  record Bench(
      double ordersPerSecond,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double rawKafkaRecordsPerSecond,
      double stackRssMb,
      double readySeconds,
      String at,
      Map<String, Object> machine,
      Map<String, Object> workload,
      Result run,
      KafkaBaseline.Result kafkaBaseline,
      Map<String, Double> rssMbByPart) {}

  @Override
  public Integer call() throws Exception {
    var repo = root.toAbsolutePath().normalize();
    var options =
        DevstackOptions.defaults(repo)
            .withEnvironment(System.getenv())
            .dataDir(repo.resolve(".devstack/bench/stack"))
            .fresh(true)
            .withFreePorts()
            .prometheus(false);
    System.err.println("bench: starting a fresh stack under " + options.dataDir());
    long starting = System.nanoTime();
    try (var stack = Devstack.start(options)) {
      double readySeconds = (System.nanoTime() - starting) / 1e9;
      System.err.printf("bench: ready in %.1f s%n", readySeconds);
      var target =
          Target.of(
              URI.create(stack.serviceUrl("order-service")),
              URI.create(stack.serviceUrl("inventory-service")),
              URI.create(stack.serviceUrl("projection-service")));
      var run = LoadTest.run(target, workload, System.err);
      var rss = residentMemory(stack, options);
      System.err.println("bench: raw Kafka baseline, " + baselineRecords + " records");
      var baseline =
          KafkaBaseline.run(
              stack.kafkaBootstrapServers(), baselineRecords, EVENT_BYTES, options.partitions());
      var bench =
          new Bench(
              run.ordersPerSecond(),
              run.p50Ms(),
              run.p95Ms(),
              run.p99Ms(),
              baseline.recordsPerSecond(),
              rss.values().stream().mapToDouble(Double::doubleValue).sum(),
              readySeconds,
              Instant.now().toString(),
              machine(),
              workload(options),
              run,
              baseline,
              rss);
      var file = Report.write(repo.resolve(".devstack/bench/latest"), bench, "./devstack bench");
      System.out.printf(
          "%.0f orders/s, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; raw Kafka %.0f records/s;"
              + " stack RSS %.0f MB; ready in %.1f s%n%s%n",
          bench.ordersPerSecond(),
          bench.p50Ms(),
          bench.p95Ms(),
          bench.p99Ms(),
          bench.rawKafkaRecordsPerSecond(),
          bench.stackRssMb(),
          bench.readySeconds(),
          file);
    }
    return 0;
  }

  /** Each part's resident memory now (its process and every child), in MB, from /proc. */
  private static Map<String, Double> residentMemory(Devstack stack, DevstackOptions options)
      throws IOException {
    var rss = new LinkedHashMap<String, Double>();
    for (Part part : options.parts()) {
      var process = ProcessHandle.of(stack.pid(part.partName())).orElseThrow();
      double kilobytes = residentKilobytes(process.pid());
      for (var child : process.descendants().toList()) {
        kilobytes += residentKilobytes(child.pid());
      }
      rss.put(part.partName(), kilobytes / 1024);
    }
    return rss;
  }

  private static double residentKilobytes(long pid) throws IOException {
    var status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.isReadable(status)) {
      return 0;
    }
    return Files.readAllLines(status).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .mapToDouble(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")))
        .findFirst()
        .orElse(0);
  }

  private static Map<String, Object> machine() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    var machine = new LinkedHashMap<String, Object>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("os", os.getName() + " " + os.getVersion() + " " + os.getArch());
    if (os instanceof com.sun.management.OperatingSystemMXBean memory) {
      machine.put("memoryGb", Math.round(memory.getTotalMemorySize() / 1e9));
    }
    machine.put("java", Runtime.version().toString());
    return machine;
  }

  private Map<String, Object> workload(DevstackOptions options) {
    var described = new LinkedHashMap<String, Object>();
    described.put("rate", workload.rate == 0 ? "as fast as the clients can" : workload.rate);
    described.put("clients", workload.clients);
    described.put("warmupSeconds", workload.warmup.toSeconds());
    described.put("durationSeconds", workload.duration.toSeconds());
    described.put("skus", workload.skus);
    described.put("maxLines", workload.maxLines);
    described.put("cancelRatio", workload.cancelRatio);
    described.put("partitions", options.partitions());
    return described;
  }
}
