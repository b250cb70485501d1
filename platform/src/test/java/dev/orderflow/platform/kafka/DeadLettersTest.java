package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.orderflow.platform.faults.Faults;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.SendResult;

class DeadLettersTest {

  @Test
  @SuppressWarnings("unchecked")
  void a_batch_listeners_failure_gives_the_dead_letter_a_record_listeners_cause_headers() {
    KafkaOperations<Object, Object> broker = mock(KafkaOperations.class);
    var sent = new ArrayList<ProducerRecord<Object, Object>>();
    when(broker.send(any(ProducerRecord.class)))
        .thenAnswer(invocation -> {
          ProducerRecord<Object, Object> deadLetter = invocation.getArgument(0);
          sent.add(deadLetter);
          return CompletableFuture.completedFuture(
              new SendResult<>(
                  deadLetter,
                  new RecordMetadata(new TopicPartition("orders.events.DLT", 1), 0, 0, 0, 0, 0)));
        });
    var deadLetters = new DeadLetters(broker, new SimpleMeterRegistry(), event -> {});
    var record =
        new ConsumerRecord<Object, Object>("orders.events", 1, 42, "order-1", new byte[] {1});
    var cause = new UnprocessableEventException("customer poison is refused");
    var asRecordListener =
        new ListenerExecutionFailedException("Listener method threw exception", "orders", cause);
    var asBatchListener =
        new ListenerExecutionFailedException(
            "Listener method threw exception",
            "orders",
            new BatchListenerFailedException("orders.events-1@42 failed", cause, record));

    deadLetters.accept(record, null, asRecordListener);
    deadLetters.accept(record, null, asBatchListener);

    assertThat(sent).hasSize(2);
    for (var name :
        List.of(
            "kafka_dlt-exception-cause-fqcn",
            "kafka_dlt-exception-fqcn",
            "kafka_dlt-exception-message")) {
      assertThat(header(sent.get(1), name)).as(name).isEqualTo(header(sent.get(0), name));
    }
    assertThat(header(sent.get(1), "kafka_dlt-exception-cause-fqcn"))
        .isEqualTo(UnprocessableEventException.class.getName());
    assertThat(header(sent.get(1), "kafka_dlt-exception-message"))
        .isEqualTo("Listener method threw exception; customer poison is refused");
  }

  private static String header(ProducerRecord<?, ?> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? "(none)" : new String(header.value(), UTF_8);
  }

  @Test
  @SuppressWarnings("unchecked")
  void a_record_whose_dead_letter_is_refused_even_truncated_is_skipped_logged_and_counted() {
    KafkaOperations<Object, Object> broker = mock(KafkaOperations.class);
    when(broker.send(any(ProducerRecord.class)))
        .thenAnswer(invocation ->
            CompletableFuture.<SendResult<Object, Object>>failedFuture(
                new RecordTooLargeException("The message is 1048700 bytes when serialized")));
    var meters = new SimpleMeterRegistry();
    var announced = new ArrayList<Object>();
    var deadLetters = new DeadLetters(broker, meters, announced::add);
    var logger = (Logger) LoggerFactory.getLogger(DeadLetters.class);
    var logged = new ListAppender<ILoggingEvent>();
    logged.start();
    logger.addAppender(logged);
    var record =
        new ConsumerRecord<Object, Object>("orders.events", 1, 42, "order-1", new byte[1_040_000]);

    try {
      // Returns, rather than throws: the error handler commits past the record.
      deadLetters.accept(record, null, new IllegalStateException("cannot be handled"));
    } finally {
      logger.detachAppender(logged);
    }

    verify(broker, times(2)).send(any(ProducerRecord.class));
    assertThat(DeadLetters.unpublished(meters, "orders.events").count()).isEqualTo(1);
    assertThat(DeadLetters.counter(meters, "orders.events").count())
        .as("not counted as a dead letter: none was written")
        .isZero();
    assertThat(announced).as("no dead letter announced").isEmpty();
    assertThat(logged.list)
        .filteredOn(event -> event.getFormattedMessage().startsWith("Skipped "))
        .singleElement()
        .satisfies(event -> {
          assertThat(event.getLevel()).isEqualTo(Level.ERROR);
          assertThat(event.getFormattedMessage())
              .startsWith(
                  "Skipped orders.events-1@42 (key order-1): its dead letter was refused twice")
              .contains("RecordTooLargeException");
        });
  }

  @Test
  @SuppressWarnings("unchecked")
  void
      while_dead_letter_refused_is_on_a_failed_record_is_skipped_and_counted_then_sent_again_off() {
    KafkaOperations<Object, Object> broker = mock(KafkaOperations.class);
    when(broker.send(any(ProducerRecord.class)))
        .thenAnswer(invocation -> {
          ProducerRecord<Object, Object> deadLetter = invocation.getArgument(0);
          return CompletableFuture.completedFuture(
              new SendResult<>(
                  deadLetter,
                  new RecordMetadata(new TopicPartition("orders.events.DLT", 1), 0, 0, 0, 0, 0)));
        });
    var meters = new SimpleMeterRegistry();
    var faults = new Faults(meters, Clock.systemUTC());
    var deadLetters = new DeadLetters(broker, meters, event -> {}, new DeadLetterRefusal(faults));
    var record =
        new ConsumerRecord<Object, Object>("orders.events", 1, 42, "order-1", new byte[] {1});

    faults.enable(DeadLetterRefusal.NAME, Map.of());
    // Returns, rather than throws: the error handler commits past the record.
    deadLetters.accept(record, null, new IllegalStateException("cannot be handled"));

    verify(broker, never()).send(any(ProducerRecord.class));
    assertThat(DeadLetters.unpublished(meters, "orders.events").count()).isEqualTo(1);
    assertThat(DeadLetters.counter(meters, "orders.events").count()).isZero();

    faults.disable(DeadLetterRefusal.NAME);
    deadLetters.accept(record, null, new IllegalStateException("cannot be handled"));

    verify(broker, times(1)).send(any(ProducerRecord.class));
    assertThat(DeadLetters.unpublished(meters, "orders.events").count()).isEqualTo(1);
    assertThat(DeadLetters.counter(meters, "orders.events").count()).isEqualTo(1);
  }

  @Test
  void a_truncated_dead_letter_keeps_the_start_of_the_value_the_cause_and_the_original_sizes() {
    var headers = new RecordHeaders();
    headers.add("ce_type", "OrderPlaced".getBytes(UTF_8));
    headers.add("big", new byte[500_000]);
    headers.add("kafka_dlt-exception-message", "x".repeat(10_000).getBytes(UTF_8));
    var deadLetter =
        new ProducerRecord<Object, Object>(
            "orders.events.DLT", 2, 1L, "order-1", new byte[1_040_000], headers);

    var truncated = DeadLetters.truncated(deadLetter);

    assertThat(truncated.topic()).isEqualTo("orders.events.DLT");
    assertThat(truncated.partition()).isEqualTo(2);
    assertThat(truncated.key()).isEqualTo("order-1");
    assertThat((byte[]) truncated.value()).hasSize(DeadLetters.TRUNCATED_BYTES);
    assertThat(truncated.headers().lastHeader("big")).isNull();
    assertThat(truncated.headers().lastHeader("ce_type")).isNull();
    assertThat(truncated.headers().lastHeader("kafka_dlt-exception-message").value())
        .hasSize(DeadLetters.TRUNCATED_HEADER_BYTES);
    assertThat(
            new String(truncated.headers().lastHeader(DeadLetters.TRUNCATED_HEADER).value(), UTF_8))
        .isEqualTo("value=1040000,headers=510048");
  }
}
