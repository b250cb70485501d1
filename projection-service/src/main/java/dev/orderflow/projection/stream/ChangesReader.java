package dev.orderflow.projection.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>It starts before the web server takes requests, and {@link #start} returns once it has read up
 * to the end the topic had then (at most {@code startWait}, 10 s): a subscriber that comes as soon
 * as the instance serves finds the tail remembered and every change after it. If it could not get
 * there (the brokers away), the instance still starts, and {@code /api/stream} answers {@code 503}
 * until the reader has its place ({@link LiveChanges}).
 *
 * <p>When the consumer fails (anything thrown, an {@link Error} too) it is made anew and carries on
 * from where it was, counted in {@code projection_stream_reader_restarts_total}; if that place is
 * no longer on the topic (it fell an hour behind), it starts again at the tail and {@link
 * LiveChanges} asks every subscriber to reconnect. {@code projection_stream_reader_connected} is 1
 * while it reads, {@code projection_stream_reader_lag} is how many changes it is behind the topic's
 * end.
 *
 * <p>The topic must have one partition: every change is sent to partition 0, and that is the one
 * read. A topic with more (the broker made it by itself, with its default count, before the service
 * could) still works, but is a misconfiguration: it is logged as an error on every (re)start and
 * shows in {@code projection_stream_topic_partitions}.
 */
final class ChangesReader implements SmartLifecycle {

  static final Duration START_WAIT = Duration.ofSeconds(10);
  private static final Logger log = LoggerFactory.getLogger(ChangesReader.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration BACK_OFF = Duration.ofSeconds(1);
  private static final Duration JOIN = POLL.multipliedBy(5);

  private final Runnable createTopic;
  private final Supplier<Consumer<String, String>> consumers;
  private final ChangeRecords records;
  private final LiveChanges changes;
  private final int replay;
  private final Duration startWait;
  private final Counter unreadable;
  private final Counter restarts;
  private final AtomicLong partitions = new AtomicLong();
  private final AtomicLong lag = new AtomicLong();
  private volatile boolean connected;
  private volatile @Nullable Consumer<String, String> consumer;
  private volatile @Nullable Thread thread;
  private volatile CountDownLatch stopped = new CountDownLatch(1);
  private volatile CountDownLatch caughtUp = new CountDownLatch(1);

  /**
   * @param createTopic makes the changes topic if it is not there, and sets its configuration; run
   *     before each (re)start
   */
  ChangesReader(
      Runnable createTopic,
      Supplier<Consumer<String, String>> consumers,
      ChangeRecords records,
      LiveChanges changes,
      int replay,
      MeterRegistry meters) {
    this(createTopic, consumers, records, changes, replay, START_WAIT, meters);
  }

  ChangesReader(
      Runnable createTopic,
      Supplier<Consumer<String, String>> consumers,
      ChangeRecords records,
      LiveChanges changes,
      int replay,
      Duration startWait,
      MeterRegistry meters) {
    this.createTopic = createTopic;
    this.consumers = consumers;
    this.records = records;
    this.changes = changes;
    this.replay = replay;
    this.startWait = startWait;
    this.unreadable =
        Counter.builder("projection.stream.changes.unreadable")
            .description("Records of the changes topic that are no change this instance knows")
            .register(meters);
    this.restarts =
        Counter.builder("projection.stream.reader.restarts")
            .description("Times the changes reader failed and started again")
            .register(meters);
    Gauge.builder("projection.stream.reader.connected", this, r -> r.connected ? 1 : 0)
        .description("1 while the changes reader has its place in the changes topic and reads")
        .register(meters);
    Gauge.builder("projection.stream.reader.lag", lag, AtomicLong::get)
        .description("Changes on the changes topic this instance has not read yet")
        .register(meters);
    Gauge.builder("projection.stream.topic.partitions", partitions, AtomicLong::get)
        .description("Partitions of the changes topic: 1, anything else is a misconfiguration")
        .register(meters);
  }

  /**
   * Starts reading, and waits (at most {@code startWait}) until the reader has read up to the end
   * the topic had when it started.
   *
   * @throws IllegalStateException while a reader stopped before has not ended yet: never two
   */
  @Override
  public void start() {
    var previous = thread;
    if (previous != null && previous.isAlive()) {
      throw new IllegalStateException("The live changes reader stopped before has not ended yet");
    }
    stopped = new CountDownLatch(1);
    caughtUp = new CountDownLatch(1);
    thread = Thread.ofPlatform().daemon().name("live-changes-reader").start(this::run);
    try {
      if (!caughtUp.await(startWait.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "The live changes reader has not read the changes topic's tail within {}; the live"
                + " stream answers 503 until it has its place",
            startWait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops reading and waits for the reader to end; if it does not, {@link #start} refuses. */
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
        running.join(JOIN);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (running.isAlive()) {
        log.warn("The live changes reader did not end within {}", JOIN);
      } else {
        thread = null;
      }
    }
  }

  @Override
  public boolean isRunning() {
    var running = thread;
    return running != null && stopped.getCount() > 0;
  }

  /**
   * Starts before the web server (phase {@code DEFAULT_PHASE - 2048}) takes requests, stops after
   * it has stopped taking them.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 3072;
  }

  /** Whether the reader is connected: has its place in the topic and reads (for tests). */
  boolean connected() {
    return connected;
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
      } catch (Throwable e) {
        connected = false;
        restarts.increment();
        log.error("The live changes reader failed; it starts again in {}", BACK_OFF, e);
        try {
          stopped.await(BACK_OFF.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
          return;
        }
      } finally {
        connected = false;
        consumer = null;
      }
    }
  }

  private Consumer<String, String> open() {
    createTopic.run();
    return consumers.get();
  }

  private void read(Consumer<String, String> reading) {
    checkPartitions(reading);
    var partition = new TopicPartition(records.topic(), ChangeRecords.PARTITION);
    reading.assign(List.of(partition));
    long begin = reading.beginningOffsets(List.of(partition)).getOrDefault(partition, 0L);
    long end = reading.endOffsets(List.of(partition)).getOrDefault(partition, 0L);
    long resume = changes.next();
    long start = resume >= begin && resume <= end ? resume : Math.max(begin, end - replay);
    reading.seek(partition, start);
    changes.startAt(start, end);
    connected = true;
    log.info("Reading the live changes from offset {} of {} (end {})", start, partition, end);
    while (!stopping()) {
      long position = reading.position(partition);
      if (position >= end) {
        caughtUp.countDown();
      }
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
      reading.currentLag(partition).ifPresent(lag::set);
    }
  }

  private void checkPartitions(Consumer<String, String> reading) {
    var found = reading.partitionsFor(records.topic());
    int count = found == null ? 0 : found.size();
    partitions.set(count);
    if (count != 1) {
      log.error(
          "The changes topic {} has {} partitions, not 1: it was made by someone else (a broker"
              + " that creates topics by itself, before the service could?). Changes are sent"
              + " to, and read from, partition 0 only; recreate the topic with one partition.",
          records.topic(),
          count);
    }
  }
}
