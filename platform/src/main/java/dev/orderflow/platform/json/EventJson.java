package dev.orderflow.platform.json;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.WireHistory;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
 * written years ago and one written now bind to the same record type. An event whose type no change
 * touched (every type but one, and every event of the services' hot paths) is bound straight from
 * its bytes; only the others are read into a tree for their upcasters first, a cost every event
 * used to pay (docs/engineering/benchmarks.md).
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
    if (!mayNeedUpcasting(mapper.createParser(json))) {
      return mapper.readValue(json, DomainEvent.class);
    }
    return read(mapper.readTree(json), json);
  }

  public DomainEvent read(byte[] json) {
    if (!mayNeedUpcasting(mapper.createParser(json))) {
      return mapper.readValue(json, DomainEvent.class);
    }
    return read(mapper.readTree(json), json);
  }

  /**
   * False only for an object whose {@code type} names a type without upcasters, read up to that
   * field (the first one, as every writer puts it). Whatever else (no object, no type, no JSON)
   * goes through the tree, which refuses it as it always did.
   */
  private boolean mayNeedUpcasting(JsonParser json) {
    try (json) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return true;
      }
      for (var name = json.nextName(); name != null; name = json.nextName()) {
        var value = json.nextToken();
        if (name.equals("type")) {
          return value != JsonToken.VALUE_STRING || upcasters.containsKey(json.getString());
        }
        json.skipChildren();
      }
      return true;
    } catch (JacksonException e) {
      return true;
    }
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
