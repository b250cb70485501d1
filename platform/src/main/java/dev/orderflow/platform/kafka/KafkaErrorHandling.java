package dev.orderflow.platform.kafka;

import dev.orderflow.events.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/** The error handler every listener container uses. */
public final class KafkaErrorHandling {

  private KafkaErrorHandling() {}

  /**
   * Classifies every failure as one of three kinds:
   *
   * <ul>
   *   <li><b>fatal</b>: no retry can fix the record (its value could not be read — Spring Kafka
   *       treats deserialisation failures as fatal already — or {@link
   *       UnprocessableEventException}): it goes to {@code <topic>.DLT} at once;
   *   <li><b>transient</b>: the failure is about the world, not the record (see {@link
   *       TransientFailures}): retried with back-off capped at ten times {@code retry.maxInterval},
   *       until it succeeds;
   *   <li><b>anything else</b>: retried {@code retry.attempts} times with exponential back-off,
   *       then dead-lettered.
   * </ul>
   *
   * <p>Retries happen in place: the partition waits, so the order of each key is kept. A dead
   * letter goes to the same partition of {@code <topic>.DLT} with the cause in its headers, and the
   * consumer commits past it.
   */
  public static DefaultErrorHandler deadLetteringErrorHandler(
      KafkaOperations<?, ?> deadLetterTemplate,
      KafkaPlatformProperties.Retry retry,
      MeterRegistry meters) {
    var publisher =
        new DeadLetterPublishingRecoverer(
            deadLetterTemplate,
            (record, cause) ->
                new TopicPartition(Topic.deadLetterOf(record.topic()), record.partition()));
    var handler = new DefaultErrorHandler(new DeadLetters(publisher, meters), bounded(retry));
    handler.addNotRetryableExceptions(UnprocessableEventException.class);
    handler.setBackOffFunction(
        (record, failure) -> TransientFailures.isTransient(failure) ? untilItWorks(retry) : null);
    return handler;
  }

  private static BackOff bounded(KafkaPlatformProperties.Retry retry) {
    var backOff = new ExponentialBackOffWithMaxRetries(retry.attempts());
    backOff.setInitialInterval(retry.initialInterval().toMillis());
    backOff.setMultiplier(retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().toMillis());
    return backOff;
  }

  private static BackOff untilItWorks(KafkaPlatformProperties.Retry retry) {
    var backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
    backOff.setMaxInterval(retry.maxInterval().multipliedBy(10).toMillis());
    return backOff;
  }
}
