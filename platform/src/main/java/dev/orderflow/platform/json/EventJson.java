package dev.orderflow.platform.json;

import dev.orderflow.events.DomainEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes events in their wire form. One mapper with Jackson's defaults, deliberately
 * separate from the application's HTTP mapper: tuning how the REST API renders JSON must never
 * change the bytes other services read from Kafka or from an outbox.
 */
public final class EventJson {

  private final JsonMapper mapper = JsonMapper.builder().build();

  public String write(DomainEvent event) {
    return mapper.writeValueAsString(event);
  }

  public DomainEvent read(String json) {
    return mapper.readValue(json, DomainEvent.class);
  }

  public DomainEvent read(byte[] json) {
    return mapper.readValue(json, DomainEvent.class);
  }
}
