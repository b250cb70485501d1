package dev.orderflow.loadgen;

import java.io.IOException;
import java.io.PrintStream;

/** Stocks the skus, warms up, then measures: what {@code run} and {@code bench} both do. */
final class LoadTest {

  /** Enough for any run: reservations never run out, so every order can be confirmed. */
  private static final long STOCK = 1_000_000_000L;

  private LoadTest() {}

  static Result run(Target target, Workload workload, PrintStream out)
      throws IOException, InterruptedException {
    return run(target, workload, out, () -> {});
  }

  /** As above, calling {@code measuring} once warmed up, right before the measured run. */
  static Result run(Target target, Workload workload, PrintStream out, Runnable measuring)
      throws IOException, InterruptedException {
    var api = new OrderApi(target.orders, target.inventory);
    var mix = workload.mix();
    for (int i = 0; i < workload.skus; i++) {
      api.stock(mix.sku(i), STOCK);
    }
    if (!workload.warmup.isZero()) {
      var warmup = new LoadRun(api, mix);
      try (var ignored = LiveDecisions.follow(target.projection, warmup)) {
        warmup.run(workload.rate, workload.clients, workload.warmup, new Progress(out, "warm-up "));
      }
    }
    measuring.run();
    var measured = new LoadRun(api, mix);
    try (var ignored = LiveDecisions.follow(target.projection, measured)) {
      return measured.run(
          workload.rate, workload.clients, workload.duration, new Progress(out, "measured"));
    }
  }
}
