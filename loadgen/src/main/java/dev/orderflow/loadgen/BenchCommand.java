package dev.orderflow.loadgen;

import dev.orderflow.devstack.ClassDataSharing;
import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.DevstackOptions;
import dev.orderflow.devstack.Instance;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * .devstack/bench/latest.json} and {@code latest.md}. With {@code --ladder}, one measured run per
 * rate, rising until the stack falls behind: its capacity.
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
    // the hot code (docs/engineering/benchmarks.md); --rate and --warmup change them.
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

  @Option(
      names = "--instances",
      description =
          "Instances of every service in the bench's stack; orders are spread over every"
              + " order-service (default ${DEFAULT-VALUE}).")
  int instances = 1;

  @Option(
      names = "--brokers",
      description = "Kafka brokers in the bench's stack, 1 or 3 (default ${DEFAULT-VALUE}).")
  int brokers = 1;

  @Option(
      names = "--ladder",
      description = {
        "Offer rising rates (--rates), each for --duration after one warm-up at the first, and",
        "stop at the first the stack cannot keep up with; its capacity is the highest it kept up",
        "with."
      })
  boolean ladder;

  @Option(
      names = "--rates",
      split = ",",
      description = "The ladder's rates, orders per second (default ${DEFAULT-VALUE}).")
  List<Double> rates = new ArrayList<>(List.of(20.0, 40.0, 80.0, 160.0, 320.0, 640.0, 1280.0));

  @Option(
      names = "--drain",
      description =
          "How long a ladder step waits for its last decisions before it counts the rest as"
              + " undecided (default ${DEFAULT-VALUE}).",
      converter = DurationConverter.class)
  Duration drain = Duration.ofSeconds(10);

  /**
   * What {@code latest.json} holds: the contract's figures first, then how they were measured.
   * {@code ordersPerSecond} is what the stack decided per second, not what was offered; in a
   * ladder, the top-level figures are those of the highest rate it kept up with (of the first rate
   * when it kept up with none), and {@code ladder} holds every step. {@code firstStartReadySeconds}
   * is the ready time of the start that made the class-data archives, null when they were there
   * already. The maps by part name each process: {@code order-service-2} and {@code kafka-3} when
   * the stack runs more than one instance or broker ({@code workload} says how many).
   */
  record Bench(
      double ordersPerSecond,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      boolean keptUp,
      @Nullable Double capacityOrdersPerSecond,
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
      double mongoDocumentsPerOrder,
      Map<String, MongoWrites.Writes> mongoWritesPerOrder,
      double compilingShareOfCpu,
      Map<String, Double> compilingShareByPart,
      List<Step> ladder) {}

  /**
   * One measured rate: what the stack got through and how fast (the run's figures, repeated at the
   * top for readers of the table), and what it cost each part. CPU is each part's from the start of
   * the run to the end of its drain, per order decided in that time (for a step that fell behind,
   * fewer than were placed); so are the documents MongoDB wrote in that time, by collection. {@code
   * stackRssMbPeak} is the highest total of the stack read during the run, {@code rssMbByPart} each
   * part's at its end.
   */
  record Step(
      double rate,
      double decidedPerSecond,
      boolean keptUp,
      double p50Ms,
      double p95Ms,
      double p99Ms,
      double p999Ms,
      double postP99Ms,
      double cpuMsPerOrder,
      Map<String, Double> cpuMsPerOrderByPart,
      double mongoDocumentsPerOrder,
      Map<String, MongoWrites.Writes> mongoWritesPerOrder,
      double stackRssMbPeak,
      Map<String, Double> rssMbByPart,
      double compilingShareOfCpu,
      Map<String, Double> compilingShareByPart,
      int clients,
      Result run) {

    static Step of(
        double rate,
        int clients,
        Result run,
        Map<String, Double> cpuMsPerOrderByPart,
        Map<String, MongoWrites.Writes> mongoWritesPerOrder,
        double compilingShareOfCpu,
        Map<String, Double> compilingShareByPart,
        double stackRssMbPeak,
        Map<String, Double> rssMbByPart) {
      return new Step(
          rate,
          run.decidedPerSecond(),
          run.keptUp(),
          run.p50Ms(),
          run.p95Ms(),
          run.p99Ms(),
          run.p999Ms(),
          run.postP99Ms(),
          total(cpuMsPerOrderByPart),
          cpuMsPerOrderByPart,
          MongoWrites.total(mongoWritesPerOrder),
          mongoWritesPerOrder,
          stackRssMbPeak,
          rssMbByPart,
          compilingShareOfCpu,
          compilingShareByPart,
          clients,
          run);
    }

    /** One row of the ladder's table, for people. */
    String row() {
      return String.format(
          Locale.ROOT,
          "| %.0f | %.1f | %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %.1f | %.0f | %s |%n",
          rate,
          run.decidedPerSecond(),
          run.placed(),
          run.undecided(),
          run.p50Ms(),
          run.p95Ms(),
          run.p99Ms(),
          run.p999Ms(),
          run.postP99Ms(),
          cpuMsPerOrder,
          mongoDocumentsPerOrder,
          stackRssMbPeak,
          run.keptUp() ? "yes" : "**no**");
    }
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (workload.acceptOnly) {
      throw new ParameterException(
          spec.commandLine(),
          "--accept-only is for loadgen run: the bench times every order to its decision");
    }
    var given = spec.commandLine().getParseResult();
    if (!ladder && (given.hasMatchedOption("--rates") || given.hasMatchedOption("--drain"))) {
      throw new ParameterException(spec.commandLine(), "--rates and --drain are for --ladder");
    }
    if (ladder && !rising(rates)) {
      throw new ParameterException(
          spec.commandLine(), "--rates needs one or more rising rates above 0, e.g. 20,40,80");
    }
    var repo = root.toAbsolutePath().normalize();
    DevstackOptions options;
    try {
      options = stackOptions(repo, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
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
      // Orders through every instance of order-service; the live stream of the first
      // projection-service carries every instance's changes.
      var target =
          Target.of(
              stack.serviceUrls("order-service").stream().map(URI::create).toList(),
              URI.create(stack.serviceUrl("inventory-service")),
              URI.create(stack.serviceUrl("projection-service")));
      // Before the load, on a stack at rest: after it, a stack that fell behind would still be
      // working through its backlog, and the baseline would measure that.
      System.err.println("bench: raw Kafka baseline, " + baselineRecords + " records");
      var baseline =
          KafkaBaseline.run(
              stack.kafkaBootstrapServers(), baselineRecords, EVENT_BYTES, options.partitions());
      var steps = new ArrayList<Step>();
      try (var mongo = MongoWrites.of(stack.mongoUri("admin"));
          var ledger =
              Ledger.appendingTo(
                  options
                      .dataDir()
                      .resolve("data")
                      .resolve(Ledger.DIRECTORY)
                      .resolve("loadgen.txt"))) {
        if (ladder) {
          workload.rate = rates.getFirst();
        }
        var test = LoadTest.prepare(target, workload, System.err, ledger);
        for (double rate : ladder ? rates : List.of(workload.rate)) {
          int clients = ladder ? clientsFor(rate) : workload.clients;
          if (ladder) {
            System.err.printf("bench: %.0f orders/s, %d clients%n", rate, clients);
          }
          var step =
              measure(stack, options, mongo, test, rate, clients, ladder ? drain : LoadRun.DRAIN);
          steps.add(step);
          if (ladder && !step.run().keptUp()) {
            System.err.printf(
                "bench: fell behind at %.0f orders/s (decided %.1f/s, %d undecided)%n",
                rate, step.run().decidedPerSecond(), step.run().undecided());
            break;
          }
        }
      }
      var capacity = capacity(steps);
      var shown =
          steps.stream()
              .filter(step -> capacity != null && step.rate() == capacity)
              .findFirst()
              .orElse(steps.getFirst());
      var run = shown.run();
      var bench =
          new Bench(
              run.decidedPerSecond(),
              run.p50Ms(),
              run.p95Ms(),
              run.p99Ms(),
              run.keptUp(),
              ladder ? capacity : null,
              baseline.recordsPerSecond(),
              total(shown.rssMbByPart()),
              shown.stackRssMbPeak(),
              readySeconds,
              firstStartReadySeconds,
              Instant.now().toString(),
              machine(),
              workload(options),
              run,
              baseline,
              shown.rssMbByPart(),
              shown.cpuMsPerOrder(),
              shown.cpuMsPerOrderByPart(),
              shown.mongoDocumentsPerOrder(),
              shown.mongoWritesPerOrder(),
              shown.compilingShareOfCpu(),
              shown.compilingShareByPart(),
              ladder ? steps : List.of());
      var file =
          Report.write(
              repo.resolve(".devstack/bench/latest"),
              bench,
              title(),
              ladder ? ladderTable(steps) : "");
      if (ladder) {
        System.out.print(ladderTable(steps));
        System.out.printf(
            "%s; raw Kafka %.0f records/s; ready in %.1f s%n%s%n",
            capacityLine(steps, capacity),
            bench.rawKafkaRecordsPerSecond(),
            bench.readySeconds(),
            file);
        return 0;
      }
      System.out.printf(
          "%.1f orders/s decided of %.0f offered%s, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms; raw"
              + " Kafka %.0f records/s; stack RSS %.0f MB (peak %.0f MB); ready in %.1f s; %.0f ms"
              + " of CPU per order (%.0f %% of it compiling)%n%s%n",
          bench.ordersPerSecond(),
          run.offeredPerSecond(),
          run.keptUp()
              ? ""
              : String.format(
                  Locale.ROOT, " (FELL BEHIND: %d undecided after the drain)", run.undecided()),
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

  /**
   * The bench's own stack: fresh, on free ports, with {@code --instances} and {@code --brokers};
   * fails with {@link IllegalArgumentException} for counts a stack cannot have.
   */
  DevstackOptions stackOptions(Path repo, Map<String, String> environment) {
    return DevstackOptions.defaults(repo)
        .withEnvironment(environment)
        .dataDir(repo.resolve(".devstack/bench/stack"))
        .fresh(true)
        .instances(instances)
        .brokers(brokers)
        .withFreePorts()
        // Every client of the bench comes from this machine: measure the system, not the limit
        // one address meets (docs/security.md).
        .clientLimits(1_000_000)
        .prometheus(false);
  }

  /** The command that measured, as {@code latest.md}'s title: with its stack's shape. */
  String title() {
    var title = new StringBuilder(ladder ? "./devstack bench --ladder" : "./devstack bench");
    if (instances != 1) {
      title.append(" --instances ").append(instances);
    }
    if (brokers != 1) {
      title.append(" --brokers ").append(brokers);
    }
    return title.toString();
  }

  /**
   * The clients a ladder step needs: enough that an order is offered on time while the POSTs before
   * it are still answered (a tenth of a second each at the rate), never fewer than --clients.
   */
  int clientsFor(double rate) {
    return Math.max(workload.clients, (int) Math.ceil(rate / 10));
  }

  /** Whether {@code rates} has at least one rate, every one above 0 and above the one before. */
  static boolean rising(List<Double> rates) {
    double before = 0;
    for (double rate : rates) {
      if (!(rate > before)) {
        return false;
      }
      before = rate;
    }
    return !rates.isEmpty();
  }

  /** What the ladder found, in words: a capacity kept up with every rate is only a lower bound. */
  static String capacityLine(List<Step> steps, @Nullable Double capacity) {
    if (capacity == null) {
      return "fell behind at the first rate: capacity below "
          + String.format(Locale.ROOT, "%.0f", steps.getFirst().rate())
          + " orders/s";
    }
    var text = String.format(Locale.ROOT, "capacity %.0f orders/s", capacity);
    return steps.getLast().run().keptUp()
        ? text + " (kept up with every rate offered: at least that)"
        : text;
  }

  /** The highest rate of the ladder's steps the stack kept up with, null when none. */
  static @Nullable Double capacity(List<Step> steps) {
    Double capacity = null;
    for (var step : steps) {
      if (!step.run().keptUp()) {
        break;
      }
      capacity = step.rate();
    }
    return capacity;
  }

  static String ladderTable(List<Step> steps) {
    var table =
        new StringBuilder(
            "| offered/s | decided/s | placed | undecided | p50 ms | p95 ms | p99 ms | p99.9 ms"
                + " | POST p99 ms | CPU ms/order | MongoDB docs/order | RSS peak MB | kept up |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    steps.forEach(step -> table.append(step.row()));
    return table.toString();
  }

  /**
   * Measures one rate, with the CPU time and memory of every part and the documents MongoDB wrote
   * while it lasts.
   */
  private Step measure(
      Devstack stack,
      DevstackOptions options,
      MongoWrites mongo,
      LoadTest test,
      double rate,
      int clients,
      Duration drain)
      throws InterruptedException {
    var ticksBefore = ticks(stack, options);
    var writesBefore = mongo.read();
    Result run;
    Map<String, Double> rss;
    double rssPeak;
    try (var memory = new PeakSampler(() -> total(residentMemory(stack, options)))) {
      memory.start(MEMORY_SAMPLES);
      run = test.measure(rate, clients, workload.duration, drain);
      rss = residentMemory(stack, options);
      rssPeak = memory.peak(total(rss));
    }
    long decided = run.confirmed() + run.rejected();
    var writes = MongoWrites.perOrder(writesBefore, mongo.read(), decided);
    var cpu = new LinkedHashMap<String, Double>();
    var compilingByPart = new LinkedHashMap<String, Double>();
    var all = ProcessTicks.NONE;
    for (var part : ticks(stack, options).entrySet()) {
      var before = ticksBefore.getOrDefault(part.getKey(), PartTicks.NONE);
      var during = part.getValue().ticks().minus(before.ticks());
      if (during.all() < 0) {
        System.err.println(fell(part.getKey(), before, part.getValue()));
      }
      cpu.put(part.getKey(), perOrder(during.cpu(), decided));
      compilingByPart.put(part.getKey(), during.compilingShare());
      all = all.plus(during);
    }
    return Step.of(
        rate, clients, run, cpu, writes, all.compilingShare(), compilingByPart, rssPeak, rss);
  }

  private static double total(Map<String, Double> byPart) {
    return byPart.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * Each process's CPU ticks so far, and its compilers' (its process and every child), by instance
   * name: every instance of every service and every broker ({@code order-service-2}, {@code
   * kafka-3}).
   */
  private static Map<String, PartTicks> ticks(Devstack stack, DevstackOptions options) {
    var ticks = new LinkedHashMap<String, PartTicks>();
    for (Instance instance : options.processes()) {
      var pids = processTree(stack, instance).map(ProcessHandle::pid).toList();
      ticks.put(
          instance.name(),
          new PartTicks(
              pids.stream()
                  .map(pid -> ProcessTicks.read(PROC, pid))
                  .reduce(ProcessTicks.NONE, ProcessTicks::plus),
              pids));
    }
    return ticks;
  }

  /** A part's ticks, and the processes they were read from (its own first). */
  record PartTicks(ProcessTicks ticks, List<Long> pids) {

    static final PartTicks NONE = new PartTicks(ProcessTicks.NONE, List.of());
  }

  /**
   * What the bench says when a part's CPU time read lower after a step than before it, which one
   * process's time cannot do: the part was restarted during the step (its supervisor starts a new
   * process, whose time starts at zero: SMTP out of its heap at 320 orders/s did so until 5
   * December), so the step's CPU per order understates that part; both readings are shown.
   */
  static String fell(String part, PartTicks before, PartTicks after) {
    var restarted =
        !before.pids().isEmpty()
            && !after.pids().isEmpty()
            && !before.pids().getFirst().equals(after.pids().getFirst());
    return String.format(
        Locale.ROOT,
        "bench: %s's CPU time read lower after the step than before it (%d ticks from processes"
            + " %s, then %d from %s): %sits CPU per order for this step is understated",
        part,
        before.ticks().all(),
        before.pids(),
        after.ticks().all(),
        after.pids(),
        restarted ? "it was restarted during the step (see its log in the stack's logs); " : "");
  }

  /** The instance's process and every child it started. */
  private static Stream<ProcessHandle> processTree(Devstack stack, Instance instance) {
    var process = ProcessHandle.of(stack.pid(instance.name())).orElseThrow();
    return Stream.concat(Stream.of(process), process.descendants());
  }

  /** What an order costs of {@code cpu}, in milliseconds, wherever it is spent. */
  private static double perOrder(Duration cpu, long orders) {
    return orders == 0 ? 0 : cpu.toNanos() / 1e6 / orders;
  }

  /**
   * Each process's resident memory now (its process and every child), in MB, from /proc, by
   * instance name: every instance and every broker.
   */
  private static Map<String, Double> residentMemory(Devstack stack, DevstackOptions options) {
    var rss = new LinkedHashMap<String, Double>();
    for (Instance instance : options.processes()) {
      double kilobytes = 0;
      for (var process : processTree(stack, instance).toList()) {
        kilobytes += residentKilobytes(process.pid());
      }
      rss.put(instance.name(), kilobytes / 1024);
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
    if (ladder) {
      described.put("rates", rates);
      described.put("drainSeconds", drain.toSeconds());
    } else {
      described.put("rate", workload.rate == 0 ? "as fast as the clients can" : workload.rate);
    }
    described.put("clients", workload.clients);
    described.put("warmupSeconds", workload.warmup.toSeconds());
    described.put("durationSeconds", workload.duration.toSeconds());
    described.put("skus", workload.skus);
    described.put("maxLines", workload.maxLines);
    described.put("cancelRatio", workload.cancelRatio);
    described.put("partitions", options.partitions());
    described.put("instances", options.instances());
    described.put("brokers", options.brokers());
    return described;
  }
}
