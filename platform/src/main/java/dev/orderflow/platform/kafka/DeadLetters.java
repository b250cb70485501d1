package dev.orderflow.platform.kafka;

import dev.orderflow.events.Topic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * Sends a record that failed for good to {@code <topic>.DLT} (same partition, the cause in {@code
 * kafka_dlt-*} headers), then counts and logs it, so dead letters never arrive unnoticed.
 */
public final class DeadLetters implements ConsumerRecordRecoverer {

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private final DeadLetterPublishingRecoverer publisher;
  private final MeterRegistry meters;

  DeadLetters(DeadLetterPublishingRecoverer publisher, MeterRegistry meters) {
    this.publisher = publisher;
    this.meters = meters;
  }

  @Override
  public void accept(ConsumerRecord<?, ?> record, Exception cause) {
    publisher.accept(record, cause);
    announce(meters, record, cause);
  }

  /**
   * Counts ({@code kafka_dead_letters_total{topic}}) and logs a record that went to its dead-letter
   * topic: for publishers other than this one, such as Spring's retry topics'.
   */
  public static void announce(MeterRegistry meters, ConsumerRecord<?, ?> record, Throwable cause) {
    counter(meters, record.topic()).increment();
    log.error(
        "Dead letter: {}-{}@{} (key {}) went to {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        Topic.deadLetterOf(record.topic()),
        cause == null ? "(no cause)" : rootMessage(cause));
  }

  /**
   * The dead-letter counter of {@code topic} (the topic the records were read from), registered at
   * 0 if it is new: a service registers its topics' counters at start, so that "no dead letters"
   * shows as 0 rather than as no data.
   */
  public static Counter counter(MeterRegistry meters, String topic) {
    return Counter.builder("kafka.dead.letters")
        .description("Records sent to a dead-letter topic after failing for good")
        .tag("topic", topic)
        .register(meters);
  }

  private static String rootMessage(Throwable cause) {

    var root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.toString();
  }
}
