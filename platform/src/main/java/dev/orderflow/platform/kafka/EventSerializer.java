package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.json.EventJson;
import org.apache.kafka.common.serialization.Serializer;
import org.jspecify.annotations.Nullable;

/**
 * Writes an event in its wire form: used when a handled record has to go to a dead-letter topic.
 */
public final class EventSerializer implements Serializer<DomainEvent> {

  private final EventJson json;

  public EventSerializer(EventJson json) {
    this.json = json;
  }

  @Override
  public byte @Nullable [] serialize(String topic, @Nullable DomainEvent event) {
    return event == null ? null : json.write(event).getBytes(UTF_8);
  }
}
