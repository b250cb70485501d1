package dev.orderflow.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.orderflow.events.Topics;
import dev.orderflow.platform.faults.Faults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The {@code slow-consumer} fault around a poll, with a stand-in for the listener container: the
 * thread is held within the policy's bound, the rest of the delay pauses the poll's partitions,
 * which resume when it is paid or at once when the fault is switched off.
 */
class SlowConsumerTest {

  static final String TOPIC = Topics.Names.ORDER_EVENTS;
  static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

  final Faults faults = new Faults(new SimpleMeterRegistry(), Clock.systemUTC());
  final MessageListenerContainer container = mock(MessageListenerContainer.class);
  final AtomicInteger handled = new AtomicInteger();
  final SlowConsumer slow =
      new SlowConsumer(
          faults, new SlowdownPolicy(Duration.ofMillis(200)), () -> List.of(container));

  SlowConsumerTest() {
    when(container.getContainerProperties()).thenReturn(new ContainerProperties(TOPIC));
  }

  @AfterEach
  void close() {
    slow.close();
  }

  static ConsumerRecord<String, Object> record(TopicPartition partition, long offset) {
    return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "o-1", "event");
  }

  @Test
  void switched_off_a_poll_is_handled_at_once_and_nothing_is_paused() {
    assertThat(faults.named(SlowConsumer.NAME).defaults())
        .isEqualTo(Map.of(SlowConsumer.DELAY_MS, SlowConsumer.DEFAULT_DELAY_MS));
    var started = System.nanoTime();

    slow.consume(List.of(record(P0, 0), record(P1, 0)), handled::incrementAndGet);

    assertThat(handled).hasValue(1);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
    verify(container, never()).pausePartition(P0);
  }

  @Test
  void a_poll_owing_less_than_the_bound_is_held_for_all_of_it_then_handled() {
    faults.enable(SlowConsumer.NAME, Map.of(SlowConsumer.DELAY_MS, 60L));
    var started = System.nanoTime();

    slow.consume(List.of(record(P0, 0), record(P0, 1)), handled::incrementAndGet);

    assertThat(handled).hasValue(1);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(120));
    verify(container, never()).pausePartition(P0);
  }

  @Test
  void
      a_poll_owing_more_holds_the_thread_within_the_bound_and_pauses_its_partitions_for_the_rest() {
    faults.enable(SlowConsumer.NAME, Map.of(SlowConsumer.DELAY_MS, 400L));
    var started = System.nanoTime();

    // Owes 1.2 s: 200 ms on the thread, 1 s paused.
    slow.consume(List.of(record(P0, 0), record(P0, 1), record(P1, 0)), handled::incrementAndGet);

    var held = Duration.ofNanos(System.nanoTime() - started);
    assertThat(handled).hasValue(1);
    assertThat(held)
        .isGreaterThanOrEqualTo(Duration.ofMillis(200))
        .isLessThan(Duration.ofMillis(800));
    verify(container).pausePartition(P0);
    verify(container).pausePartition(P1);
    verify(container, never()).resumePartition(P0);
    // Resumed once the second has passed, by the resumer's own thread.
    verify(container, timeout(3_000)).resumePartition(P0);
    verify(container, timeout(3_000)).resumePartition(P1);
  }

  @Test
  void switched_off_the_wait_ends_and_every_paused_partition_resumes_at_once() {
    faults.enable(SlowConsumer.NAME, Map.of(SlowConsumer.DELAY_MS, 60_000L));
    slow.consume(List.of(record(P0, 0)), handled::incrementAndGet);
    verify(container).pausePartition(P0);

    faults.disable(SlowConsumer.NAME);

    verify(container).resumePartition(P0);
    var started = System.nanoTime();
    slow.consume(List.of(record(P0, 1)), handled::incrementAndGet);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
    assertThat(handled).hasValue(2);
  }

  @Test
  void switched_off_between_the_check_and_the_pause_the_partition_is_resumed_all_the_same() {
    var ownFaults = new Faults(new SimpleMeterRegistry(), Clock.systemUTC());
    // The fault goes off as the poll's partitions are about to be paused: after consume saw it on,
    // before the partition is paused, as the switch-off listener on another thread may.
    var racing = new AtomicBoolean(true);
    var raced =
        new SlowConsumer(
            ownFaults,
            new SlowdownPolicy(Duration.ofMillis(50)),
            () -> {
              if (racing.getAndSet(false)) {
                ownFaults.disable(SlowConsumer.NAME);
              }
              return List.of(container);
            });
    ownFaults.enable(SlowConsumer.NAME, Map.of(SlowConsumer.DELAY_MS, 60_000L));
    try {
      raced.consume(List.of(record(P0, 0)), handled::incrementAndGet);

      var inOrder = inOrder(container);
      inOrder.verify(container).pausePartition(P0);
      inOrder.verify(container, timeout(3_000)).resumePartition(P0);
      assertThat(handled).hasValue(1);
    } finally {
      raced.close();
    }
  }
}
