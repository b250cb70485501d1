package dev.orderflow.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureLogTest {

  private static final String TOPIC = "orders.events";

  private final AtomicLong nanos = new AtomicLong(1_000);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final FailureLog failures = new FailureLog(meters, Duration.ofSeconds(20), nanos::get);
  private final Logger logger = (Logger) LoggerFactory.getLogger(FailureLog.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void listen() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logged);
  }

  @Test
  void the_first_failure_of_a_record_is_logged_at_warn_with_its_exception() {
    var bug = new IllegalStateException("a bug");

    failures.failedDelivery(record(7), bug, 1);

    assertThat(logged.list)
        .singleElement()
        .satisfies(event -> {
          assertThat(event.getLevel()).isEqualTo(Level.WARN);
          assertThat(event.getFormattedMessage())
              .isEqualTo(
                  "orders.events-0@7 (key order-1) failed (other); retried a few times, then"
                      + " dead-lettered");
          assertThat(event.getThrowableProxy().getMessage()).isEqualTo("a bug");
        });
  }

  @Test
  void a_record_that_keeps_failing_is_logged_again_once_every_30_seconds_with_its_cause() {
    var away = new DependencyUnavailableException("smtp down");

    failures.failedDelivery(record(7), away, 1);
    for (int attempt = 2; attempt <= 4; attempt++) {
      advance(Duration.ofSeconds(10));
      failures.failedDelivery(record(7), away, attempt);
    }
    failures.failedDelivery(record(7), away, 5);

    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "orders.events-0@7 (key order-1) failed (unavailable); the partition waits until the"
                + " dependency is back",
            "orders.events-0@7 (key order-1) still fails (unavailable) after 4 attempts in 30 s:"
                + " dev.orderflow.platform.kafka.DependencyUnavailableException: smtp down");
    assertThat(logged.list.get(1).getThrowableProxy())
        .as("the exception was shown once, the repeats say its root cause")
        .isNull();
    assertThat(meters.get("kafka.consumer.failures").tag("kind", "unavailable").counter().count())
        .as("every attempt counted, logged or not")
        .isEqualTo(5);
    assertThat(failures.retryingSeconds(TOPIC)).isEqualTo(30);
  }

  @Test
  void the_next_record_that_fails_on_the_partition_is_a_first_failure_again() {
    var bug = new IllegalStateException("a bug");

    failures.failedDelivery(record(7), bug, 1);
    advance(Duration.ofSeconds(1));
    failures.failedDelivery(record(7), bug, 2);
    advance(Duration.ofSeconds(1));
    failures.failedDelivery(record(8), bug, 1);

    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "orders.events-0@7 (key order-1) failed (other); retried a few times, then"
                + " dead-lettered",
            "orders.events-0@8 (key order-1) failed (other); retried a few times, then"
                + " dead-lettered");
    assertThat(failures.retryingSeconds(TOPIC)).isZero();
  }

  @Test
  void a_record_that_passed_is_no_longer_retrying() {
    failures.failedDelivery(record(7), new RetryLaterException("busy"), 1);
    advance(Duration.ofSeconds(3));
    failures.failedDelivery(record(7), new RetryLaterException("busy"), 2);
    assertThat(failures.retryingSeconds(TOPIC)).isEqualTo(3);

    failures.recovered(record(7), null);

    assertThat(failures.retryingSeconds(TOPIC)).isZero();
  }

  @Test
  void a_retried_record_in_a_batch_the_listener_took_whole_is_no_longer_retrying() {
    failures.failedDelivery(record(7), new RetryLaterException("busy"), 1);
    advance(Duration.ofSeconds(3));
    failures.failedDelivery(record(7), new RetryLaterException("busy"), 2);

    failures.passed(batch(new TopicPartition(TOPIC, 1), 7, 8));
    failures.passed(batch(new TopicPartition(TOPIC, 0), 5, 6));
    assertThat(failures.retryingSeconds(TOPIC))
        .as("after batches of another partition, and of offsets before it")
        .isEqualTo(3);

    failures.passed(batch(new TopicPartition(TOPIC, 0), 6, 7));
    assertThat(failures.retryingSeconds(TOPIC)).isZero();
  }

  @Test
  void a_record_not_failed_again_for_twice_the_longest_pause_is_no_longer_retrying() {
    failures.failedDelivery(record(7), new IllegalStateException("a bug"), 1);
    advance(Duration.ofSeconds(1));
    failures.failedDelivery(record(7), new IllegalStateException("a bug"), 2);

    advance(Duration.ofSeconds(46));

    assertThat(failures.retryingSeconds(TOPIC)).isZero();
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  private static ConsumerRecords<String, String> batch(TopicPartition partition, long... offsets) {
    var records = new ArrayList<ConsumerRecord<String, String>>();
    for (long offset : offsets) {
      records.add(
          new ConsumerRecord<>(partition.topic(), partition.partition(), offset, "order-1", "{}"));
    }
    return new ConsumerRecords<>(Map.of(partition, records), Map.of());
  }

  private static ConsumerRecord<String, String> record(long offset) {
    return new ConsumerRecord<>(TOPIC, 0, offset, "order-1", "{}");
  }
}
