package dev.orderflow.platform.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.CompareAndSet.Round;
import dev.orderflow.platform.kafka.RetryPolicy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompareAndSetTest {

  private final Contended sku = Contended.of("stock", "sku-1");

  @Test
  void a_round_that_is_done_answers_at_once() {
    var rounds = new AtomicInteger();

    var result =
        CompareAndSet.until(
            sku,
            5,
            () -> {
              rounds.incrementAndGet();
              return Round.done("written");
            });

    assertThat(result).isEqualTo("written");
    assertThat(rounds).hasValue(1);
  }

  @Test
  void a_lost_round_reads_and_decides_again_in_place() {
    var rounds = new AtomicInteger();

    var result =
        CompareAndSet.until(
            sku, 5, () -> rounds.incrementAndGet() < 3 ? Round.lost() : Round.done(rounds.get()));

    assertThat(result).isEqualTo(3);
  }

  @Test
  void a_document_that_keeps_changing_ends_in_contention_to_retry_later() {
    var rounds = new AtomicInteger();

    assertThatThrownBy(() ->
            CompareAndSet.until(
                sku,
                4,
                () -> {
                  rounds.incrementAndGet();
                  return Round.lost();
                }))
        .isInstanceOf(ContentionException.class)
        .satisfies(e -> assertThat(RetryPolicy.classify(e)).isEqualTo(RetryPolicy.Kind.CONTENTION))
        .hasMessage("stock/sku-1 kept changing for 4 attempts; try again")
        .satisfies(e -> assertThat(((ContentionException) e).document()).isEqualTo(sku));
    assertThat(rounds).hasValue(4);
  }

  @Test
  void at_least_one_round_is_required() {
    assertThatThrownBy(() -> CompareAndSet.until(sku, 0, Round::done))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
