package dev.orderflow.platform.json;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.WireHistory;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes events in their wire form. One mapper with Jackson's defaults, deliberately
 * separate from the application's HTTP mapper: tuning how the REST API renders JSON must never
 * change the bytes other services read from Kafka or from an outbox.
 *
 * <p>Reading goes through the wire's history first: each {@link Upcaster} for the event's type
 * turns an older form into the current one (the contract's {@link WireHistory}), so a record
 * written years ago and one written now bind to the same record type.
 */
public final class EventJson {

  /**
   * Jackson's defaults, except that a JSON number with a fraction or an exponent is read into the
   * event tree exactly, as a {@code BigDecimal}, never through a {@code double}: money keeps every
   * digit, and an out-of-range price reaches the event's bounds check as written.
   */
  private final JsonMapper mapper =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private final Map<String, List<Upcaster>> upcasters;

  public EventJson() {
    this(WireHistory.changes().stream().map(Upcaster::of).toList());
  }

  public EventJson(List<Upcaster> upcasters) {
    this.upcasters =
        upcasters.stream().collect(Collectors.groupingBy(Upcaster::type, Collectors.toList()));
  }

  public String write(DomainEvent event) {
    return mapper.writeValueAsString(event);
  }

  public DomainEvent read(String json) {
    return read(mapper.readTree(json), json);
  }

  public DomainEvent read(byte[] json) {
    return read(mapper.readTree(json), json);
  }

  private DomainEvent read(JsonNode tree, Object json) {
    if (!(tree instanceof ObjectNode event)) {
      // Not an object (nothing, an array, a number): let binding say what is wrong with it.
      return json instanceof byte[] bytes
          ? mapper.readValue(bytes, DomainEvent.class)
          : mapper.readValue((String) json, DomainEvent.class);
    }
    var type = event.path("type").asString(null);
    if (type != null) {
      for (var upcaster : upcasters.getOrDefault(type, List.of())) {
        upcaster.upcast(event);
      }
    }
    return mapper.treeToValue(event, DomainEvent.class);
  }
}
