package dev.orderflow.loadgen;

import dev.orderflow.devstack.verify.Ledger;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Stocks the skus, warms up, then measures: what {@code run} and {@code bench} both do. A bench
 * ladder measures the same prepared target at one rate after another.
 */
final class LoadTest {

  /** Enough for any run: reservations never run out, so every order can be confirmed. */
  private static final long STOCK = 1_000_000_000L;

  private final Target target;
  private final Workload workload;
  private final PrintStream out;
  private final OrderApi api;
  private final Mix mix;

  private LoadTest(Target target, Workload workload, PrintStream out, Ledger ledger) {
    this.target = target;
    this.workload = workload;
    this.out = out;
    this.api = new OrderApi(target.orders, target.inventory, ledger, OrderApi.RETRY_FOR);
    this.mix = workload.mix();
  }

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
    var test = prepare(target, workload, out, ledger);
    measuring.run();
    return test.measure(workload.rate, workload.clients, workload.duration, LoadRun.DRAIN);
  }

  /** Stocks the skus (unless only accepting orders) and warms up at the workload's rate. */
  static LoadTest prepare(Target target, Workload workload, PrintStream out, Ledger ledger)
      throws IOException, InterruptedException {
    var test = new LoadTest(target, workload, out, ledger);
    if (!workload.acceptOnly) {
      for (int i = 0; i < workload.skus; i++) {
        test.api.stock(test.mix.sku(i), STOCK);
      }
    }
    if (!workload.warmup.isZero()) {
      var warmup = new LoadRun(test.api, test.mix, !workload.acceptOnly);
      test.load(warmup, workload.rate, workload.clients, workload.warmup, "warm-up ");
    }
    return test;
  }

  /**
   * One measured run at {@code rate} (0: as fast as the clients can) for {@code duration}, then up
   * to {@code drain} for the decisions still outstanding.
   */
  Result measure(double rate, int clients, Duration duration, Duration drain)
      throws InterruptedException {
    var measured = new LoadRun(api, mix, !workload.acceptOnly, drain);
    return load(measured, rate, clients, duration, "measured");
  }

  /** Runs {@code run}, following the live stream for it unless only accepting orders. */
  private Result load(LoadRun run, double rate, int clients, Duration duration, String label)
      throws InterruptedException {
    var progress = new Progress(out, label);
    if (workload.acceptOnly) {
      return run.run(rate, clients, duration, progress);
    }
    try (var ignored = LiveDecisions.follow(target.projection, run)) {
      return run.run(rate, clients, duration, progress);
    }
  }
}
