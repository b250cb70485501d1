package dev.orderflow.platform.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.orderflow.events.CloudEventHeaders;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.json.EventJson;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a record value into the event its {@code type} names, and only if it is one this system
 * could have written: a value at most {@value #MAX_BYTES} bytes long, an event whose values lie
 * within the domain's bounds (the events' constructors check them), on the topic that carries its
 * type, and that carries the CloudEvents headers every record of the outbox relay carries ({@code
 * ce_specversion}, {@code ce_id}, {@code ce_type}, {@code ce_subject}), each saying the same as its
 * body. Wrapped in Spring Kafka's {@code ErrorHandlingDeserializer}: anything else becomes a dead
 * letter with the reason in its headers, not an exception in a handler or a crash loop.
 */
public final class EventDeserializer implements Deserializer<DomainEvent> {

  /**
   * The largest value read: far above any event written here (an order of 100 lines is ~10 KB), far
   * below what a consumer would choke on.
   */
  public static final int MAX_BYTES = 256 * 1024;

  private final EventJson json;

  public EventDeserializer(EventJson json) {
    this.json = json;
  }

  @Override
  public DomainEvent deserialize(String topic, byte[] data) {
    return deserialize(topic, null, data);
  }

  @Override
  public DomainEvent deserialize(String topic, @Nullable Headers headers, byte[] data) {
    if (data == null) {
      throw new IllegalArgumentException("A record without a value is not an event");
    }
    if (data.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "A value of " + data.length + " bytes is over the limit of " + MAX_BYTES);
    }
    var event = json.read(data);
    var home = Topics.of(event).name();
    if (!topic.equals(home) && !topic.startsWith(home + "-")) {
      throw new IllegalArgumentException(
          event.type() + " belongs on " + home + ", not on " + topic);
    }
    if (headers == null) {
      throw new IllegalArgumentException("A record without headers is not an event");
    }
    agree(headers, CloudEventHeaders.TYPE, event.type());
    agree(headers, CloudEventHeaders.ID, event.eventId());
    agree(headers, CloudEventHeaders.SUBJECT, event.subject());
    agree(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
    return event;
  }

  /** The header must be there, and say what the body says. */
  private static void agree(Headers headers, String name, String expected) {
    var header = headers.lastHeader(name);
    if (header == null) {
      throw new IllegalArgumentException(
          "Header " + name + " is missing; the event says '" + expected + "'");
    }
    var value = header.value() == null ? "" : new String(header.value(), UTF_8);
    if (!value.equals(expected)) {
      throw new IllegalArgumentException(
          "Header " + name + " says '" + shortened(value) + "', the event '" + expected + "'");
    }
  }

  private static String shortened(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "…";
  }
}
