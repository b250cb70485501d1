package dev.orderflow.order.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeferredRemovalsTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Duration LONG = Duration.ofHours(1);

  final Store store = new Store();
  final AtomicInteger failures = new AtomicInteger();
  final AtomicInteger dropped = new AtomicInteger();
  final List<DeferredRemovals> opened = new ArrayList<>();

  DeferredRemovals removals(Duration interval, int capacity) {
    var removals =
        new DeferredRemovals(
            store, interval, capacity, failures::incrementAndGet, dropped::incrementAndGet);
    opened.add(removals);
    return removals;
  }

  @AfterEach
  void close() {
    opened.forEach(DeferredRemovals::close);
  }

  @Test
  void removals_wait_for_the_flush_and_go_to_the_store_in_one_write() {
    var removals = removals(LONG, 100);
    store.placedAll(Map.of("a", T0, "b", T0, "c", T0, "d", T0));

    removals.removeAll(List.of("a", "b"));
    removals.remove("c");

    assertThat(store.remembered()).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(removals.waiting()).isEqualTo(3);

    removals.flush();

    assertThat(store.remembered()).containsExactly("d");
    assertThat(store.writes).containsExactly(List.of("a", "b", "c"));
    assertThat(removals.waiting()).isZero();
  }

  @Test
  void the_flusher_writes_them_every_interval() {
    var removals = removals(Duration.ofMillis(20), 100);
    store.placed("a", T0);

    removals.remove("a");

    await().atMost(Duration.ofSeconds(5)).until(() -> store.remembered().isEmpty());
    assertThat(removals.waiting()).isZero();
  }

  @Test
  void the_sweep_never_sees_a_reminder_whose_removal_waits() {
    var removals = removals(LONG, 100);
    store.placed("decided", T0);
    store.placed("pending", T0.plusSeconds(1));
    removals.remove("decided");

    assertThat(removals.placedBefore(T0.plusSeconds(10), 10)).containsExactly("pending");
  }

  @Test
  void a_failed_flush_keeps_its_removals_counts_the_failure_and_the_next_flush_writes_them() {
    var removals = removals(LONG, 100);
    store.placed("a", T0);
    removals.remove("a");
    store.failing = true;

    removals.flush();

    assertThat(failures).hasValue(1);
    assertThat(removals.waiting()).isEqualTo(1);
    assertThat(store.remembered()).containsExactly("a");

    store.failing = false;
    removals.flush();

    assertThat(store.remembered()).isEmpty();
    assertThat(failures).hasValue(1);
  }

  @Test
  void beyond_the_capacity_the_oldest_removals_are_given_up_and_counted() {
    var removals = removals(LONG, 2);
    store.placedAll(Map.of("a", T0, "b", T0, "c", T0));

    removals.removeAll(List.of("a", "b", "c"));
    removals.flush();

    assertThat(dropped).hasValue(1);
    assertThat(store.remembered()).containsExactly("a");
  }

  @Test
  void without_an_interval_every_removal_is_written_at_once() {
    var removals = removals(Duration.ZERO, 1);
    store.placedAll(Map.of("a", T0, "b", T0));

    removals.removeAll(List.of("a", "b"));

    assertThat(store.remembered()).isEmpty();
    assertThat(store.writes).containsExactly(List.of("a", "b"));
  }

  @Test
  void closing_writes_what_waits_and_a_removal_after_that_is_written_at_once() {
    var removals = removals(LONG, 100);
    store.placedAll(Map.of("a", T0, "b", T0));
    removals.remove("a");

    removals.close();
    assertThat(store.remembered()).containsExactly("b");

    removals.remove("b");
    assertThat(store.remembered()).isEmpty();
  }

  /** Reminders in memory that count the removals written and can fail them. */
  static final class Store extends InMemoryPendingOrders {

    final List<List<String>> writes = new ArrayList<>();
    volatile boolean failing;

    @Override
    public synchronized void removeAll(Collection<String> orderIds) {
      if (failing) {
        throw new IllegalStateException("MongoDB is away");
      }
      writes.add(List.copyOf(orderIds));
      super.removeAll(orderIds);
    }

    List<String> remembered() {
      return placedBefore(Instant.MAX, Integer.MAX_VALUE);
    }
  }
}
