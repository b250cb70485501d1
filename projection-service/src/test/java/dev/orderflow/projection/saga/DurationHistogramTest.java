package dev.orderflow.projection.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationHistogramTest {

  @Test
  void count_sum_mean_and_maximum_are_exact() {
    var histogram = DurationHistogram.empty();
    for (long millis : new long[] {120, 480, 900, 3_000}) {
      histogram = histogram.with(Duration.ofMillis(millis));
    }

    assertThat(histogram.count()).isEqualTo(4);
    assertThat(histogram.sumMillis()).isEqualTo(4_500);
    assertThat(histogram.meanMillis()).isEqualTo(1_125.0);
    assertThat(histogram.maxMillis()).isEqualTo(3_000);
  }

  @Test
  void percentiles_fall_within_the_bucket_that_holds_them_and_never_above_the_maximum() {
    var histogram = DurationHistogram.empty();
    for (int i = 1; i <= 100; i++) {
      histogram = histogram.with(Duration.ofMillis(i * 10L)); // 10 ms .. 1 s, evenly
    }

    assertThat(histogram.percentileMillis(0.5)).isBetween(250.0, 500.0);
    assertThat(histogram.percentileMillis(0.99)).isBetween(500.0, 1_000.0);
    assertThat(histogram.percentileMillis(1.0)).isEqualTo(1_000.0);
    assertThat(histogram.percentileMillis(0.01)).isCloseTo(10.0, within(10.0));
  }

  @Test
  void histograms_of_partitions_add_up() {
    var a = DurationHistogram.empty().with(Duration.ofMillis(40)).with(Duration.ofSeconds(2));
    var b = DurationHistogram.empty().with(Duration.ofMinutes(2));

    var sum = a.plus(b);

    assertThat(sum.count()).isEqualTo(3);
    assertThat(sum.maxMillis()).isEqualTo(120_000);
    assertThat(sum.counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
  }

  @Test
  void nothing_counted_is_all_zero() {
    var empty = DurationHistogram.empty();

    assertThat(empty.meanMillis()).isZero();
    assertThat(empty.percentileMillis(0.95)).isZero();
  }
}
