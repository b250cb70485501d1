package dev.orderflow.loadgen;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A progress bar on one line of the terminal, redrawn every second while a run lasts. */
final class Progress {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final String label;
  private @Nullable Thread drawer;

  Progress(PrintStream out, String label) {
    this.out = out;
    this.label = label;
  }

  void start(Duration duration, Supplier<String> status) {
    long start = System.nanoTime();
    drawer =
        Thread.ofPlatform()
            .daemon()
            .name("progress")
            .start(() -> {
              while (!Thread.currentThread().isInterrupted()) {
                draw(Duration.ofNanos(System.nanoTime() - start), duration, status.get());
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
  }

  void stop() {
    var running = drawer;
    if (running != null) {
      running.interrupt();
      out.println();
    }
  }

  private void draw(Duration elapsed, Duration total, String status) {
    double done = Math.min(1.0, (double) elapsed.toMillis() / Math.max(1, total.toMillis()));
    int filled = (int) Math.round(done * WIDTH);
    out.printf(
        "\r%s [%s%s] %3d%% %ds/%ds  %s   ",
        label,
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        Math.round(done * 100),
        elapsed.toSeconds(),
        total.toSeconds(),
        status);
    out.flush();
  }
}
