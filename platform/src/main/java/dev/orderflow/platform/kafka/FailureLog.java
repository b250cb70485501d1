package dev.orderflow.platform.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RetryListener;

/**
 * Says what happens to records that fail, so that no record is retried in silence: the first
 * failure of a record at WARN with its exception, then one line every {@link #QUIET} while it keeps
 * failing, with the attempts and the time so far; every failed attempt counted by kind ({@code
 * kafka_consumer_failures_total{topic,kind}}); and for each topic how long the record a consumer is
 * retrying has been failing ({@code kafka_consumer_retrying_seconds{topic}}, 0 when none is), which
 * the RecordRetriedLong alert watches. A record stops counting there once it is dead-lettered, once
 * a batch the listener took whole holds it ({@link #passed}), or, failing those, once it has not
 * failed again for twice the longest pause.
 */
final class FailureLog implements RetryListener {

  private static final Logger log = LoggerFactory.getLogger(FailureLog.class);

  /** How often a record that keeps failing is logged again. */
  static final Duration QUIET = Duration.ofSeconds(30);

  /**
   * The record a consumer retries on one partition; {@code logged} whether its latest failure is to
   * be logged.
   */
  private record Retrying(
      long offset, long firstNanos, long lastNanos, long loggedNanos, int tries, boolean logged) {

    Retrying again(long now, boolean logged) {
      return new Retrying(offset, firstNanos, now, logged ? now : loggedNanos, tries + 1, logged);
    }

    double seconds() {
      return (lastNanos - firstNanos) / 1e9;
    }
  }

  private final MeterRegistry meters;
  private final Duration gone;
  private final Map<TopicPartition, Retrying> retrying = new ConcurrentHashMap<>();
  private final Map<String, Boolean> gauged = new ConcurrentHashMap<>();
  private final LongSupplier nanos;

  /**
   * @param longestPause the longest back-off between two attempts: a record not failed again for
   *     twice as long is no longer being retried (it passed, or went to the dead-letter topic)
   */
  FailureLog(MeterRegistry meters, Duration longestPause) {
    this(meters, longestPause, System::nanoTime);
  }

  /**
   * As above, telling the time by {@code nanos} (a monotonic clock, as {@link System#nanoTime}).
   */
  FailureLog(MeterRegistry meters, Duration longestPause, LongSupplier nanos) {
    this.meters = meters;
    this.gone = longestPause.multipliedBy(2).plusSeconds(5);
    this.nanos = nanos;
  }

  @Override
  public void failedDelivery(
      ConsumerRecord<?, ?> record, @Nullable Exception failure, int attempt) {
    var ex = failure == null ? null : DeadLetters.asRecordListenerFailure(failure);
    var kind = ex == null ? RetryPolicy.Kind.OTHER : RetryPolicy.classify(ex);
    count(record.topic(), kind);
    gauge(record.topic());
    long now = nanos.getAsLong();
    var partition = new TopicPartition(record.topic(), record.partition());
    var current =
        retrying.compute(
            partition,
            (key, known) -> {
              if (known == null || known.offset() != record.offset()) {
                return new Retrying(record.offset(), now, now, now, 1, true);
              }
              return known.again(now, now - known.loggedNanos() >= QUIET.toNanos());
            });
    if (current.tries() == 1) {
      log.warn(
          "{} (key {}) failed ({}); {}",
          coordinates(record),
          record.key(),
          kind.tag(),
          next(kind),
          ex);
    } else if (current.logged()) {
      log.warn(
          "{} (key {}) still fails ({}) after {} attempts in {} s: {}",
          coordinates(record),
          record.key(),
          kind.tag(),
          current.tries(),
          Math.round(current.seconds()),
          DeadLetters.rootMessage(ex));
    }
  }

  @Override
  public void recovered(ConsumerRecord<?, ?> record, @Nullable Exception ex) {
    var partition = new TopicPartition(record.topic(), record.partition());
    var known = retrying.remove(partition);
    boolean retried = known != null && known.offset() == record.offset();
    if (!retried && ex != null && RetryPolicy.classify(ex) == RetryPolicy.Kind.FATAL) {
      // Dead-lettered at its first failure, which the handler reports here only.
      count(record.topic(), RetryPolicy.Kind.FATAL);
    }
  }

  /**
   * A batch the listener took without failing: a record retried on one of its partitions, at or
   * before the batch's last offset there, passed (the error handler says nothing when one does).
   */
  void passed(ConsumerRecords<?, ?> batch) {
    for (var partition : batch.partitions()) {
      long last = batch.records(partition).getLast().offset();
      retrying.computeIfPresent(partition, (key, known) -> known.offset() <= last ? null : known);
    }
  }

  @Override
  public void recoveryFailed(
      ConsumerRecord<?, ?> record, @Nullable Exception original, Exception failure) {
    log.error(
        "{} (key {}) could not be dead-lettered; it is retried: {}",
        coordinates(record),
        record.key(),
        DeadLetters.rootMessage(failure),
        failure);
  }

  /** How long the record retried on {@code topic} has been failing; 0 when none is. */
  double retryingSeconds(String topic) {
    long now = nanos.getAsLong();
    return retrying.entrySet().stream()
        .filter(entry -> entry.getKey().topic().equals(topic))
        .map(Map.Entry::getValue)
        .filter(known -> now - known.lastNanos() < gone.toNanos())
        .mapToDouble(Retrying::seconds)
        .max()
        .orElse(0);
  }

  private void count(String topic, RetryPolicy.Kind kind) {
    Counter.builder("kafka.consumer.failures")
        .description("Failed attempts to handle a record, by kind of failure")
        .tag("topic", topic)
        .tag("kind", kind.tag())
        .register(meters)
        .increment();
  }

  /** Registers the topic's gauge (at 0) before its first failure: a service's topics at start. */
  void gauge(String topic) {
    gauged.computeIfAbsent(
        topic,
        name -> {
          Gauge.builder("kafka.consumer.retrying", this, failures -> failures.retryingSeconds(name))
              .description("How long the record a consumer retries has been failing; 0 if none")
              .baseUnit("seconds")
              .tag("topic", name)
              .register(meters);
          return true;
        });
  }

  private static String next(RetryPolicy.Kind kind) {
    return switch (kind) {
      case UNAVAILABLE -> "the partition waits until the dependency is back";
      case CONTENTION, TIMEOUT -> "retried in place until the contention limit, then dead-lettered";
      case FATAL -> "dead-lettered";
      case OTHER -> "retried a few times, then dead-lettered";
    };
  }

  private static String coordinates(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
