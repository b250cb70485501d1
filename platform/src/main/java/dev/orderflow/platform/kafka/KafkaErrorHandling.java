package dev.orderflow.platform.kafka;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.json.EventJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;

/** The error handling every listener container uses, and its parts for handlers built elsewhere. */
public final class KafkaErrorHandling {

  private KafkaErrorHandling() {}

  /**
   * The handler of every listener container: failures retried in place as {@code policy} says, a
   * record that fails for good sent to the same partition of {@code <topic>.DLT} with the cause in
   * its headers, and the consumer commits past it; every dead letter refused while {@code
   * refusal}'s fault is on.
   */
  public static DefaultErrorHandler deadLetteringErrorHandler(
      KafkaOperations<?, ?> deadLetterTemplate,
      RetryPolicy policy,
      MeterRegistry meters,
      ApplicationEventPublisher events,
      DeadLetterRefusal refusal) {
    var handler =
        new DefaultErrorHandler(new DeadLetters(deadLetterTemplate, meters, events, refusal));
    policy.applyTo(handler);
    return handler;
  }

  /**
   * Producers for dead letters, which write a record back as it was read: raw bytes if its value
   * could not be read, else the event in its wire form; to the broker the service is connected to,
   * which a {@code @ServiceConnection} may have set rather than the property.
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
}
