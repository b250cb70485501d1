package dev.orderflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeakSamplerTest {

  @Test
  void it_keeps_the_highest_reading_skipping_failed_ones() {
    var readings = new double[] {3, 9, Double.NaN, 4};
    var taken = new AtomicInteger();
    try (var sampler =
        new PeakSampler(() -> {
          int index = Math.min(taken.getAndIncrement(), readings.length - 1);
          if (Double.isNaN(readings[index])) {
            throw new IllegalStateException("a part is restarting");
          }
          return readings[index];
        })) {
      sampler.start(Duration.ofMillis(10));

      await().atMost(Duration.ofSeconds(5)).until(() -> taken.get() > readings.length);

      assertThat(sampler.peak(5)).isEqualTo(9);
      assertThat(sampler.peak(12)).isEqualTo(12);
    }
  }
}
