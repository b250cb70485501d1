package dev.orderflow.platform.kafka;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Topic;
import dev.orderflow.platform.json.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/** The error handling every listener container uses, and its parts for handlers built elsewhere. */
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
    classify(handler, retry);
    return handler;
  }

  /**
   * Gives a handler built elsewhere (Spring's retry topics build their own) the platform's
   * classification: fatal failures are not retried, transient ones until they pass, others {@code
   * retry.attempts} times.
   */
  public static void classify(DefaultErrorHandler handler, KafkaPlatformProperties.Retry retry) {
    handler.addNotRetryableExceptions(UnprocessableEventException.class);
    var bounded = bounded(retry);
    var untilItWorks = untilItWorks(retry);
    handler.setBackOffFunction(
        (record, failure) -> TransientFailures.isTransient(failure) ? untilItWorks : bounded);
  }

  /**
   * Producers for dead letters (and retry topics), which write a record back as it was read: raw
   * bytes if its value could not be read, else the event in its wire form; to the broker the
   * service is connected to, which a {@code @ServiceConnection} may have set rather than the
   * property.
   */
  public static DefaultKafkaProducerFactory<String, Object> deadLetterProducers(
      KafkaProperties kafka, KafkaConnectionDetails connection, EventJson json) {
    Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
    byType.put(byte[].class, new ByteArraySerializer());
    byType.put(DomainEvent.class, new EventSerializer(json));
    var config = kafka.buildProducerProperties();
    config.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
    return new DefaultKafkaProducerFactory<>(
        config, new StringSerializer(), new DelegatingByTypeSerializer(byType, true));
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
