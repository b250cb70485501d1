package dev.orderflow.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.devstack.verify.Ledger;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTrafficTest {

  @TempDir Path directory;

  @Test
  void the_delay_between_orders_averages_one_over_the_rate() {
    assertThat(DemoTraffic.delayBounds(DemoTraffic.DEMO_RATE)).containsExactly(444, 889);
    assertThat(DemoTraffic.delayBounds(2)).containsExactly(333, 667);
    assertThat(DemoTraffic.delayBounds(DemoTraffic.MAX_RATE)).containsExactly(13, 27);
  }

  @Test
  void a_rate_not_above_0_or_above_the_most_is_refused() {
    var orders = URI.create("http://localhost:1");
    for (double rate : new double[] {0, -1, Double.NaN, 51}) {
      assertThatThrownBy(() ->
              DemoTraffic.start(
                  orders, null, Ledger.appendingTo(directory.resolve("ledger.txt")), rate))
          .as("rate %s", rate)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at most 50.0 orders/s");
    }
  }
}
