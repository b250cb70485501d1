package dev.orderflow.inventory.reservation;

import dev.orderflow.events.Topics;
import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.kafka.RetryLaterException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The {@code slow-consumer} fault (docs/faults.md): while it is on, every {@code orders.events}
 * record costs the listener thread that polled it {@code delayMs}, as slow processing would: a poll
 * of n records owes n × {@code delayMs}, paid by all the poll's partitions, so a listener thread
 * handles at most {@code 1000 / delayMs} records a second, however many partitions it reads. The
 * consumer falls behind the producers and its lag grows; switched off, it catches up. Nothing is
 * skipped: the records wait in Kafka.
 *
 * <p>A poll's delay is paid as {@link SlowdownPolicy} says: the listener thread waits before
 * handling the poll, at most a fifth of {@code max.poll.interval.ms}, and the poll's partitions are
 * paused for the rest once it is handled, so the consumer never misses its poll deadline and
 * nothing rebalances, whatever the delay and the backlog. Switched off, the wait ends and every
 * paused partition resumes at once.
 */
@Component
final class SlowConsumer implements AutoCloseable {

  static final String NAME = "slow-consumer";
  static final String DELAY_MS = "delayMs";

  /**
   * Well below the rate of {@code ./devstack --demo} (about three {@code orders.events} records a
   * second): its one listener thread handles 0.2 a second, and lag grows by some 2.8 a second.
   */
  static final long DEFAULT_DELAY_MS = 5_000;

  private static final Logger log = LoggerFactory.getLogger(SlowConsumer.class);
  private static final Duration CHECK = Duration.ofMillis(100);

  private final Fault fault;
  private final SlowdownPolicy policy;
  private final Supplier<Collection<MessageListenerContainer>> listeners;
  private final Map<TopicPartition, Long> pausedUntil = new ConcurrentHashMap<>();
  private final ScheduledExecutorService resumer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("slow-consumer-resume").daemon().factory());

  /**
   * The fault bounded by the consumers' {@code max.poll.interval.ms} (Kafka's default, five
   * minutes, unless set).
   */
  @Autowired
  SlowConsumer(
      Faults faults,
      @Value("${spring.kafka.consumer.properties.max.poll.interval.ms:300000}")
          long maxPollIntervalMs,
      KafkaListenerEndpointRegistry listeners) {
    this(
        faults,
        SlowdownPolicy.within(Duration.ofMillis(maxPollIntervalMs)),
        listeners::getListenerContainers);
  }

  /**
   * @param listeners the listener containers of this service, of which those reading {@code
   *     orders.events} have their partitions paused
   */
  SlowConsumer(
      Faults faults,
      SlowdownPolicy policy,
      Supplier<Collection<MessageListenerContainer>> listeners) {
    this.policy = policy;
    this.listeners = listeners;
    this.fault =
        faults.register(
            NAME,
            "Every orders.events record costs its listener thread delayMs before"
                + " inventory-service handles it: consumer lag builds; switched off, the consumer"
                + " catches up.",
            Fault.Parameter.milliseconds(DELAY_MS, DEFAULT_DELAY_MS));
    fault.onSwitch(on -> {
      if (!on) {
        resumeAll();
      }
    });
    resumer.scheduleWithFixedDelay(
        this::resumeDue, CHECK.toMillis(), CHECK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Handles a poll with {@code handling}, slowed down while the fault is on. */
  void consume(List<? extends ConsumerRecord<?, ?>> records, Runnable handling) {
    if (!fault.active() || records.isEmpty()) {
      handling.run();
      return;
    }
    var owed = policy.owed(fault.parameter(DELAY_MS), records.size());
    hold(owed.held());
    handling.run();
    if (fault.active() && owed.paused().isPositive()) {
      pause(records, owed.paused());
    }
  }

  /** Holds the consumer thread, as slow processing would, until due or the fault is off. */
  private void hold(Duration held) {
    var until = System.nanoTime() + held.toNanos();
    try {
      for (var left = held.toNanos();
          left > 0 && fault.active();
          left = until - System.nanoTime()) {
        Thread.sleep(Duration.ofNanos(Math.min(left, CHECK.toNanos())));
      }
    } catch (InterruptedException e) {
      // The container is stopping: the poll is left for the next consumer, unhandled.
      Thread.currentThread().interrupt();
      throw new BatchListenerFailedException(
          "Interrupted while slowed down by " + NAME,
          new RetryLaterException("Interrupted while slowed down by " + NAME, e),
          0);
    }
  }

  /**
   * Pauses, then records the pause, then looks at the fault again: switched off at any moment after
   * {@link #consume} saw it on, its listener's {@link #resumeAll} either finds the partition
   * recorded or runs before the check here, which resumes it; a partition is never left paused with
   * the fault off.
   */
  private void pause(List<? extends ConsumerRecord<?, ?>> records, Duration paused) {
    var until = System.nanoTime() + paused.toNanos();
    for (var record : records) {
      var partition = new TopicPartition(record.topic(), record.partition());
      if (!pausedUntil.containsKey(partition)) {
        containers().forEach(container -> container.pausePartition(partition));
      }
      pausedUntil.put(partition, until);
    }
    if (!fault.active()) {
      resumeAll();
      return;
    }
    log.debug("Paused {} for {} ({})", pausedUntil.keySet(), paused, NAME);
  }

  /** Resumes the partitions whose pause is paid, and every one once the fault is off. */
  private void resumeDue() {
    if (!fault.active()) {
      resumeAll();
      return;
    }
    var now = System.nanoTime();
    pausedUntil.forEach((partition, until) -> {
      if (now - until >= 0 && pausedUntil.remove(partition, until)) {
        resume(partition);
      }
    });
  }

  private void resumeAll() {
    pausedUntil
        .keySet()
        .forEach(partition -> {
          if (pausedUntil.remove(partition) != null) {
            resume(partition);
          }
        });
  }

  private void resume(TopicPartition partition) {
    try {
      containers().forEach(container -> container.resumePartition(partition));
    } catch (RuntimeException e) {
      log.warn("Could not resume {} after {}: {}", partition, NAME, e.toString());
    }
  }

  private List<MessageListenerContainer> containers() {
    return listeners.get().stream()
        .filter(container -> {
          var topics = container.getContainerProperties().getTopics();
          return topics != null && Arrays.asList(topics).contains(Topics.Names.ORDER_EVENTS);
        })
        .toList();
  }

  /** Resumes what is paused (a context that stops while the fault is on), then stops resuming. */
  @Override
  public void close() {
    resumeAll();
    resumer.shutdownNow();
  }
}
