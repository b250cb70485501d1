package dev.orderflow.platform.kafka;

import dev.orderflow.events.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/** The error handler every listener container uses. */
public final class KafkaErrorHandling {

  private KafkaErrorHandling() {}

  /**
   * Retries a failed record in place with exponential back-off (the partition waits, so the order
   * of a key is kept), then sends it to {@code <topic>.DLT} and commits past it. Records that no
   * retry can fix go to the dead-letter topic at once: values that could not be read (Spring Kafka
   * treats deserialisation failures as fatal already) and {@link UnprocessableEventException}.
   */
  public static DefaultErrorHandler deadLetteringErrorHandler(
      KafkaOperations<?, ?> deadLetterTemplate,
      KafkaPlatformProperties.Retry retry,
      MeterRegistry meters) {
    var backOff = new ExponentialBackOffWithMaxRetries(retry.attempts());
    backOff.setInitialInterval(retry.initialInterval().toMillis());
    backOff.setMultiplier(retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().toMillis());
    var publisher =
        new DeadLetterPublishingRecoverer(
            deadLetterTemplate,
            (record, cause) ->
                new TopicPartition(Topic.deadLetterOf(record.topic()), record.partition()));
    var deadLetters = new DeadLetters(publisher, meters);
    var handler = new DefaultErrorHandler(deadLetters, backOff);
    handler.addNotRetryableExceptions(UnprocessableEventException.class);
    return handler;
  }
}
