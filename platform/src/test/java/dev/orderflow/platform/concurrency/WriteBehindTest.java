package dev.orderflow.platform.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriteBehindTest {

  static final Duration LONG = Duration.ofHours(1);

  final List<Map<String, Integer>> writes = new ArrayList<>();
  final AtomicInteger failures = new AtomicInteger();
  final AtomicInteger dropped = new AtomicInteger();
  final List<WriteBehind<String, Integer>> opened = new ArrayList<>();
  volatile boolean failing;
  volatile Runnable duringWrite = () -> {};

  WriteBehind<String, Integer> behind(Duration interval, int capacity) {
    var behind =
        new WriteBehind<String, Integer>(
            "counts",
            interval,
            capacity,
            Integer::sum,
            batch -> {
              duringWrite.run();
              if (failing) {
                throw new IllegalStateException("store away");
              }
              synchronized (writes) {
                writes.add(Map.copyOf(batch));
              }
            },
            failures::incrementAndGet,
            dropped::incrementAndGet);
    opened.add(behind);
    return behind;
  }

  @AfterEach
  void close() {
    failing = false;
    opened.forEach(WriteBehind::close);
  }

  @Test
  void values_wait_merged_by_key_and_a_flush_writes_them_in_one_call() {
    var behind = behind(LONG, 100);
    behind.addAll(Map.of("a", 1, "b", 2));
    behind.addAll(Map.of("a", 3));

    assertThat(writes).isEmpty();
    assertThat(behind.waiting()).isEqualTo(2);

    behind.flush();

    assertThat(writes).containsExactly(Map.of("a", 4, "b", 2));
    assertThat(behind.waiting()).isZero();
    behind.flush();
    assertThat(writes).hasSize(1);
  }

  @Test
  void a_value_taken_is_no_longer_written() {
    var behind = behind(LONG, 100);
    behind.addAll(Map.of("a", 1, "b", 2));

    assertThat(behind.take("a")).isEqualTo(1);
    assertThat(behind.take("a")).isNull();
    behind.flush();

    assertThat(writes).containsExactly(Map.of("b", 2));
  }

  @Test
  void a_flush_waits_for_work_under_way_that_must_not_interleave_with_it() throws Exception {
    var behind = behind(LONG, 100);
    behind.addAll(Map.of("a", 1));
    var working = new CountDownLatch(1);
    var finish = new CountDownLatch(1);
    var work =
        CompletableFuture.runAsync(() ->
            behind.whileNotFlushing(() -> {
              working.countDown();
              try {
                finish.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }));
    assertThat(working.await(10, TimeUnit.SECONDS)).isTrue();

    var flush = CompletableFuture.runAsync(behind::flush);

    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !flush.isDone());
    assertThat(writes).isEmpty();
    finish.countDown();
    work.get(10, TimeUnit.SECONDS);
    flush.get(10, TimeUnit.SECONDS);
    assertThat(writes).containsExactly(Map.of("a", 1));
  }

  @Test
  void a_failed_flush_keeps_its_values_ahead_of_newer_ones_and_counts_the_failure() {
    var behind = behind(LONG, 100);
    behind.addAll(Map.of("a", 1));
    failing = true;

    behind.flush();

    assertThat(failures).hasValue(1);
    assertThat(behind.waiting()).isEqualTo(1);
    failing = false;
    behind.addAll(Map.of("b", 1, "a", 1));
    behind.flush();

    assertThat(writes).containsExactly(Map.of("a", 2, "b", 1));
  }

  @Test
  void beyond_the_capacity_the_oldest_keys_are_given_up_and_counted() {
    var behind = behind(LONG, 2);
    var ordered = new LinkedHashMap<String, Integer>();
    ordered.put("a", 1);
    ordered.put("b", 1);
    ordered.put("c", 1);

    behind.addAll(ordered);
    behind.flush();

    assertThat(dropped).hasValue(1);
    assertThat(writes).containsExactly(Map.of("b", 1, "c", 1));
  }

  @Test
  void values_put_back_by_a_failed_flush_are_held_to_the_capacity_at_once() {
    var behind = behind(LONG, 2);
    var ordered = new LinkedHashMap<String, Integer>();
    ordered.put("a", 1);
    ordered.put("b", 1);
    behind.addAll(ordered);
    failing = true;
    duringWrite = () -> behind.addAll(Map.of("c", 1));

    behind.flush();

    assertThat(behind.waiting()).isEqualTo(2);
    assertThat(dropped).hasValue(1);
    failing = false;
    duringWrite = () -> {};
    behind.flush();
    assertThat(writes).containsExactly(Map.of("b", 1, "c", 1));
  }

  @Test
  void the_flusher_writes_every_interval() {
    var behind = behind(Duration.ofMillis(20), 100);

    behind.addAll(Map.of("a", 1));

    await().atMost(Duration.ofSeconds(5)).until(() -> behind.waiting() == 0 && !writes.isEmpty());
    assertThat(writes).containsExactly(Map.of("a", 1));
  }

  @Test
  void without_an_interval_and_after_closing_values_are_written_at_once() {
    var atOnce = behind(Duration.ZERO, 1);
    atOnce.addAll(Map.of("a", 1));
    assertThat(writes).containsExactly(Map.of("a", 1));

    var behind = behind(LONG, 100);
    behind.addAll(Map.of("b", 1));
    behind.close();
    assertThat(writes).containsExactly(Map.of("a", 1), Map.of("b", 1));
    behind.addAll(Map.of("c", 1));
    assertThat(writes).containsExactly(Map.of("a", 1), Map.of("b", 1), Map.of("c", 1));
  }

  @Test
  void a_value_that_stays_waits_for_a_later_flush_and_closing_writes_it() {
    // Negative counts stay one flush more, counting up towards zero.
    var behind =
        new WriteBehind<String, Integer>(
            "counts",
            LONG,
            100,
            Integer::sum,
            value -> value < 0 ? value + 1 : null,
            batch -> writes.add(Map.copyOf(batch)),
            failures::incrementAndGet,
            dropped::incrementAndGet);
    opened.add(behind);
    behind.addAll(Map.of("now", 1, "next", -1, "later", -2, "closing", -9));

    behind.flush();
    assertThat(writes).containsExactly(Map.of("now", 1));
    assertThat(behind.take("next")).isZero();
    behind.addAll(Map.of("next", -1));

    behind.flush();
    assertThat(writes).hasSize(1);
    behind.flush();
    assertThat(writes).containsExactly(Map.of("now", 1), Map.of("next", 0, "later", 0));
    assertThat(behind.waiting()).isOne();

    behind.close();
    assertThat(writes).last().isEqualTo(Map.of("closing", -6));
  }
}
