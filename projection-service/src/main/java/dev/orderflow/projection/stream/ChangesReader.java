package dev.orderflow.projection.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads the changes topic, all of it, on every instance, and hands each change to {@link
 * LiveChanges} with its offset as its id. No consumer group: the one partition is assigned, not
 * subscribed, so every instance reads everything and nothing is committed. At start it reads from
 * {@code replay} changes before the end, so that a client resuming here finds what it missed on
 * another instance; the changes before the end are remembered, not sent as news.
 *
 * <p>When the consumer fails it is made anew and carries on from where it was; if that place is no
 * longer on the topic (it fell an hour behind), it starts again at the tail and {@link LiveChanges}
 * asks every subscriber to reconnect.
 */
final class ChangesReader implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ChangesReader.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration BACK_OFF = Duration.ofSeconds(1);

  private final Runnable createTopic;
  private final Supplier<Consumer<String, String>> consumers;
  private final ChangeRecords records;
  private final LiveChanges changes;
  private final int replay;
  private final Counter unreadable;
  private volatile @Nullable Consumer<String, String> consumer;
  private volatile @Nullable Thread thread;
  private volatile CountDownLatch stopped = new CountDownLatch(1);

  /**
   * @param createTopic makes the changes topic if it is not there; run before each (re)start
   */
  ChangesReader(
      Runnable createTopic,
      Supplier<Consumer<String, String>> consumers,
      ChangeRecords records,
      LiveChanges changes,
      int replay,
      MeterRegistry meters) {
    this.createTopic = createTopic;
    this.consumers = consumers;
    this.records = records;
    this.changes = changes;
    this.replay = replay;
    this.unreadable =
        Counter.builder("projection.stream.changes.unreadable")
            .description("Records of the changes topic that are no change this instance knows")
            .register(meters);
  }

  @Override
  public void start() {
    stopped = new CountDownLatch(1);
    thread = Thread.ofPlatform().daemon().name("live-changes-reader").start(this::run);
  }

  @Override
  public void stop() {
    stopped.countDown();
    var reading = consumer;
    if (reading != null) {
      reading.wakeup();
    }
    var running = thread;
    if (running != null) {
      try {
        running.join(POLL.multipliedBy(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    thread = null;
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }

  /** Starts before the web server takes requests, stops after it has stopped taking them. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1024;
  }

  private boolean stopping() {
    return stopped.getCount() == 0;
  }

  private void run() {
    while (!stopping()) {
      try (var reading = open()) {
        consumer = reading;
        if (!stopping()) {
          read(reading);
        }
      } catch (WakeupException e) {
        // Stopping.
      } catch (RuntimeException e) {
        log.warn("The live changes reader failed; it starts again in {}", BACK_OFF, e);
        try {
          stopped.await(BACK_OFF.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
          return;
        }
      } finally {
        consumer = null;
      }
    }
  }

  private Consumer<String, String> open() {
    createTopic.run();
    return consumers.get();
  }

  private void read(Consumer<String, String> reading) {
    var partition = new TopicPartition(records.topic(), 0);
    reading.assign(List.of(partition));
    long begin = reading.beginningOffsets(List.of(partition)).getOrDefault(partition, 0L);
    long end = reading.endOffsets(List.of(partition)).getOrDefault(partition, 0L);
    long resume = changes.next();
    long start = resume >= begin && resume <= end ? resume : Math.max(begin, end - replay);
    reading.seek(partition, start);
    changes.startAt(start, end);
    log.info("Reading the live changes from offset {} of {} (end {})", start, partition, end);
    while (!stopping()) {
      for (var record : reading.poll(POLL)) {
        Object change;
        try {
          change = records.changeOf(record);
        } catch (RuntimeException e) {
          change = null;
        }
        if (change == null) {
          unreadable.increment();
        } else {
          changes.received(record.offset(), change);
        }
      }
      changes.readTo(reading.position(partition));
    }
  }
}
