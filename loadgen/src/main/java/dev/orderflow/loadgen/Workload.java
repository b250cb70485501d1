package dev.orderflow.loadgen;

import java.time.Duration;
import picocli.CommandLine.Option;

/** What load to apply and for how long; the options {@code run} and {@code bench} share. */
public final class Workload {

  @Option(
      names = "--rate",
      description =
          "Orders per second to place, 0 for as fast as the clients can (default ${DEFAULT-VALUE}).")
  double rate = 0;

  @Option(
      names = "--clients",
      description = "Concurrent clients, each a virtual thread (default ${DEFAULT-VALUE}).")
  int clients = 32;

  @Option(
      names = "--duration",
      description = "How long the measured run lasts, e.g. 60s or 2m (default ${DEFAULT-VALUE}).",
      converter = DurationConverter.class)
  Duration duration = Duration.ofSeconds(60);

  @Option(
      names = "--warmup",
      description = "Load applied first and not measured (default ${DEFAULT-VALUE}).",
      converter = DurationConverter.class)
  Duration warmup = Duration.ofSeconds(15);

  @Option(
      names = "--skus",
      description =
          "Distinct skus; a few are ordered far more often than the rest (default ${DEFAULT-VALUE}).")
  int skus = 50;

  @Option(
      names = "--max-lines",
      description = "Lines per order, 1 to this many (default ${DEFAULT-VALUE}).")
  int maxLines = 3;

  @Option(
      names = "--cancel-ratio",
      description = "Share of confirmed orders cancelled again (default ${DEFAULT-VALUE}).")
  double cancelRatio = 0.05;

  @Option(
      names = "--accept-only",
      description = {
        "Only place orders and time their POST: no stocking, no live stream, no waiting for",
        "decisions. For what accepting an order costs, with order-service alone."
      })
  boolean acceptOnly;

  Mix mix() {
    return new Mix(skus, maxLines, cancelRatio);
  }
}
