package dev.orderflow.loadgen;

import dev.orderflow.devstack.ClassDataSharing;
import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.DevstackOptions;
import dev.orderflow.devstack.Part;
import dev.orderflow.devstack.verify.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

  /** How often the stack's resident memory is read during the measured run, for its peak. */
  private static final Duration MEMORY_SAMPLES = Duration.ofSeconds(2);

  private static final Path PROC = Path.of("/proc");

  @Mixin Workload workload = new Workload();

  BenchCommand() {
    // What a fresh stack on two cores sustains with p99 under 250 ms once its JITs have compiled
    // the hot code (docs/benchmarks.md); --rate and --warmup change them.
    workload.rate = 40;
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

  /**
   * What {@code latest.json} holds: the contract's figures first, then how they were measured.
   * {@code firstStartReadySeconds} is the ready time of the start that made the class-data
   * archives, null when they were there already.
   */
  record Bench(
      double ordersPerSecond,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double rawKafkaRecordsPerSecond,
      double stackRssMb,
      double stackRssMbPeak,
      double readySeconds,
      @Nullable Double firstStartReadySeconds,
      String at,
      Map<String, Object> machine,
      Map<String, Object> workload,
      Result run,
      KafkaBaseline.Result kafkaBaseline,
      Map<String, Double> rssMbByPart,
      double cpuMsPerOrder,
      Map<String, Double> cpuMsPerOrderByPart,
      double compilingShareOfCpu,
      Map<String, Double> compilingShareByPart) {}

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (workload.acceptOnly) {
      throw new ParameterException(
          spec.commandLine(),
          "--accept-only is for loadgen run: the bench times every order to its decision");
    }
    var repo = root.toAbsolutePath().normalize();
    var options =
        DevstackOptions.defaults(repo)
            .withEnvironment(System.getenv())
            .dataDir(repo.resolve(".devstack/bench/stack"))
            .fresh(true)
            .withFreePorts()
            // Every client of the bench comes from this machine: measure the system, not the
            // limit one address meets (docs/security.md).
            .clientLimits(1_000_000)
            .prometheus(false);
    Double firstStartReadySeconds = null;
    if (!ClassDataSharing.archived(options)) {
      // Every later ./devstack starts from the archives this start leaves behind.
      System.err.println("bench: no class-data archives yet; a first start and stop makes them");
      long firstStart = System.nanoTime();
      try (var ignored = Devstack.start(options)) {
        firstStartReadySeconds = (System.nanoTime() - firstStart) / 1e9;
        System.err.printf("bench: first start ready in %.1f s%n", firstStartReadySeconds);
      }
    }
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
      var ticksBefore = new LinkedHashMap<String, ProcessTicks>();
      Result run;
      Map<String, Double> rss;
      double rssPeak;
      try (var memory = new PeakSampler(() -> total(residentMemory(stack, options)));
          var ledger =
              Ledger.appendingTo(
                  options
                      .dataDir()
                      .resolve("data")
                      .resolve(Ledger.DIRECTORY)
                      .resolve("loadgen.txt"))) {
        run =
            LoadTest.run(
                target,
                workload,
                System.err,
                ledger,
                () -> {
                  ticksBefore.putAll(ticks(stack, options));
                  memory.start(MEMORY_SAMPLES);
                });
        rss = residentMemory(stack, options);
        rssPeak = memory.peak(total(rss));
      }
      // CPU time of each part from the start of the measured run to its last decision.
      var during = new LinkedHashMap<String, ProcessTicks>();
      ticks(stack, options)
          .forEach((part, now) ->
              during.put(part, now.minus(ticksBefore.getOrDefault(part, ProcessTicks.NONE))));
      var cpu = new LinkedHashMap<String, Double>();
      var compilingByPart = new LinkedHashMap<String, Double>();
      during.forEach((part, ticks) -> {
        cpu.put(part, perOrder(ticks.cpu(), run.placed()));
        compilingByPart.put(part, ticks.compilingShare());
      });
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
              total(rss),
              rssPeak,
              readySeconds,
              firstStartReadySeconds,
              Instant.now().toString(),
              machine(),
              workload(options),
              run,
              baseline,
              rss,
              total(cpu),
              cpu,
              during.values().stream()
                  .reduce(ProcessTicks.NONE, ProcessTicks::plus)
                  .compilingShare(),
              compilingByPart);
      var file = Report.write(repo.resolve(".devstack/bench/latest"), bench, "./devstack bench");
      System.out.printf(
          "%.0f orders/s, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; raw Kafka %.0f records/s;"
              + " stack RSS %.0f MB (peak %.0f MB); ready in %.1f s; %.0f ms of CPU per order"
              + " (%.0f %% of it compiling)%n%s%n",
          bench.ordersPerSecond(),
          bench.p50Ms(),
          bench.p95Ms(),
          bench.p99Ms(),
          bench.rawKafkaRecordsPerSecond(),
          bench.stackRssMb(),
          bench.stackRssMbPeak(),
          bench.readySeconds(),
          bench.cpuMsPerOrder(),
          bench.compilingShareOfCpu() * 100,
          file);
    }
    return 0;
  }

  private static double total(Map<String, Double> byPart) {
    return byPart.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Each part's CPU ticks so far, and its compilers' (its process and every child). */
  private static Map<String, ProcessTicks> ticks(Devstack stack, DevstackOptions options) {
    var ticks = new LinkedHashMap<String, ProcessTicks>();
    for (Part part : options.parts()) {
      ticks.put(
          part.partName(),
          processTree(stack, part)
              .map(process -> ProcessTicks.read(PROC, process.pid()))
              .reduce(ProcessTicks.NONE, ProcessTicks::plus));
    }
    return ticks;
  }

  /** The part's process and every child it started. */
  private static Stream<ProcessHandle> processTree(Devstack stack, Part part) {
    var process = ProcessHandle.of(stack.pid(part.partName())).orElseThrow();
    return Stream.concat(Stream.of(process), process.descendants());
  }

  /** What an order costs of {@code cpu}, in milliseconds, wherever it is spent. */
  private static double perOrder(Duration cpu, long orders) {
    return orders == 0 ? 0 : cpu.toNanos() / 1e6 / orders;
  }

  /** Each part's resident memory now (its process and every child), in MB, from /proc. */
  private static Map<String, Double> residentMemory(Devstack stack, DevstackOptions options) {
    var rss = new LinkedHashMap<String, Double>();
    for (Part part : options.parts()) {
      double kilobytes = 0;
      for (var process : processTree(stack, part).toList()) {
        kilobytes += residentKilobytes(process.pid());
      }
      rss.put(part.partName(), kilobytes / 1024);
    }
    return rss;
  }

  /** A process's resident memory, in kB; 0 for one that has ended. */
  private static double residentKilobytes(long pid) {
    var status = PROC.resolve(Long.toString(pid)).resolve("status");
    try {
      return Files.readAllLines(status).stream()
          .filter(line -> line.startsWith("VmRSS:"))
          .mapToDouble(line -> Double.parseDouble(line.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElse(0);
    } catch (NoSuchFileException ended) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
