package dev.orderflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MixTest {

  final Mix mix = new Mix(50, 3, 0.05);

  @Test
  void orders_have_one_to_max_lines_of_distinct_skus_with_small_quantities() {
    for (int i = 0; i < 1000; i++) {
      var order = mix.next();
      assertThat(order.lines()).hasSizeBetween(1, 3);
      assertThat(new HashSet<>(order.lines().stream().map(Mix.Line::sku).toList()))
          .hasSize(order.lines().size());
      assertThat(order.lines()).allSatisfy(line -> assertThat(line.quantity()).isBetween(1, 3));
      assertThat(order.customerId()).matches("lg-c-\\d{1,3}");
    }
  }

  @Test
  void skus_are_skewed_so_the_first_ones_are_hot() {
    Map<Integer, Integer> picks = new HashMap<>();
    for (int i = 0; i < 100_000; i++) {
      picks.merge(mix.skewedSku(i / 100_000.0), 1, Integer::sum);
    }

    // Zipf with exponent 1 over 50 skus: the first gets 1/H(50) = 22 % of the picks, the second
    // half of that, the last 1/50 of it.
    assertThat(picks.get(0) / 100_000.0).isBetween(0.21, 0.23);
    assertThat((double) picks.get(1) / picks.get(0)).isBetween(0.48, 0.52);
    assertThat(picks.get(49)).isBetween(picks.get(0) / 60, picks.get(0) / 40);
    assertThat(picks.keySet()).hasSize(50);
  }

  @Test
  void a_mix_that_cannot_fill_its_lines_is_refused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Mix(2, 3, 0));
    assertThatIllegalArgumentException().isThrownBy(() -> new Mix(5, 3, 1.5));
  }
}
