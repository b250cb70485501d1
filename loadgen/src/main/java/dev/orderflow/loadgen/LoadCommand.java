package dev.orderflow.loadgen;

import dev.orderflow.devstack.verify.Ledger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code loadgen run}: load against a running system, results to JSON and Markdown. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Places orders against a running orderflow (./devstack, docker compose, ...) and times each",
      "from 202 Accepted to CONFIRMED on projection-service's live stream."
    })
final class LoadCommand implements Callable<Integer> {

  @Mixin Target target;
  @Mixin Workload workload;

  @Option(
      names = "--out",
      description = "Results as <out>.json and <out>.md (default ${DEFAULT-VALUE}).")
  Path out = Path.of("loadgen-result");

  @Option(
      names = "--ledger",
      description = {
        "Every order answered 202 is appended here, for ./devstack verify",
        "(default ${DEFAULT-VALUE})."
      })
  Path ledger =
      Path.of(System.getProperty("devstack.root", "."))
          .resolve(".devstack/data")
          .resolve(Ledger.DIRECTORY)
          .resolve("loadgen.txt");

  @Option(
      names = "--forever",
      description =
          "Keep placing orders until stopped, reporting every --duration (compose's load profile).")
  boolean forever;

  @Override
  public Integer call() throws Exception {
    try (var accepted = Ledger.appendingTo(ledger)) {
      return call(accepted);
    }
  }

  private Integer call(Ledger accepted) throws Exception {
    do {
      var result = LoadTest.run(target, workload, System.err, accepted);
      var file = Report.write(out, result, "loadgen run");
      if (workload.acceptOnly) {
        System.out.printf(
            "%.0f orders/s accepted, POST p99 %.0f ms, %d failed; %s%n",
            result.ordersPerSecond(), result.postP99Ms(), result.failed(), file);
      } else {
        System.out.printf(
            "%.0f orders/s placed, %.1f decided/s%s, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms,"
                + " %d undecided; %s%n",
            result.ordersPerSecond(),
            result.decidedPerSecond(),
            result.keptUp() ? "" : " (FELL BEHIND)",
            result.p50Ms(),
            result.p95Ms(),
            result.p99Ms(),
            result.undecided(),
            file);
      }
      workload.warmup = Duration.ZERO;
    } while (forever);
    return 0;
  }
}
