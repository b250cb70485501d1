package dev.orderflow.platform.kafka;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.json.EventJson;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a record value into the event its {@code type} names. Wrapped in Spring Kafka's {@code
 * ErrorHandlingDeserializer}, so a value that is not an event becomes a dead letter, not a crash
 * loop.
 */
public final class EventDeserializer implements Deserializer<DomainEvent> {

  private final EventJson json;

  public EventDeserializer(EventJson json) {
    this.json = json;
  }

  @Override
  public DomainEvent deserialize(String topic, byte[] data) {
    return data == null ? null : json.read(data);
  }
}
