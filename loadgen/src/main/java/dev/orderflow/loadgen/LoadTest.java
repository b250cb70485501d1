package dev.orderflow.loadgen;

import dev.orderflow.devstack.verify.Ledger;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/** Stocks the skus, warms up, then measures: what {@code run} and {@code bench} both do. */
final class LoadTest {

  /** Enough for any run: reservations never run out, so every order can be confirmed. */
  private static final long STOCK = 1_000_000_000L;

  private LoadTest() {}

  /**
   * @param ledger where each order answered {@code 202} is recorded
   */
  static Result run(Target target, Workload workload, PrintStream out, Ledger ledger)
      throws IOException, InterruptedException {
    return run(target, workload, out, ledger, () -> {});
  }

  /** As above, calling {@code measuring} once warmed up, right before the measured run. */
  static Result run(
      Target target, Workload workload, PrintStream out, Ledger ledger, Runnable measuring)
      throws IOException, InterruptedException {
    var api = new OrderApi(target.orders, target.inventory, ledger);
    var mix = workload.mix();
    if (!workload.acceptOnly) {
      for (int i = 0; i < workload.skus; i++) {
        api.stock(mix.sku(i), STOCK);
      }
    }
    if (!workload.warmup.isZero()) {
      var warmup = new LoadRun(api, mix, !workload.acceptOnly);
      load(target, workload, warmup, workload.warmup, new Progress(out, "warm-up "));
    }
    measuring.run();
    var measured = new LoadRun(api, mix, !workload.acceptOnly);
    return load(target, workload, measured, workload.duration, new Progress(out, "measured"));
  }

  /** Runs {@code run}, following the live stream for it unless only accepting orders. */
  private static Result load(
      Target target, Workload workload, LoadRun run, Duration duration, Progress progress)
      throws InterruptedException {
    if (workload.acceptOnly) {
      return run.run(workload.rate, workload.clients, duration, progress);
    }
    try (var ignored = LiveDecisions.follow(target.projection, run)) {
      return run.run(workload.rate, workload.clients, duration, progress);
    }
  }
}
