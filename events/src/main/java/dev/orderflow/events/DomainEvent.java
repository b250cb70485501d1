package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * Something that happened in one of the services, as every other service sees it.
 *
 * <p>On the wire an event is a JSON object whose {@code type} property is the stable name from
 * {@link com.fasterxml.jackson.annotation.JsonTypeName} (never a Java class name). Readers ignore
 * properties they do not know, so a new optional field never breaks an older consumer.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonIgnoreProperties(ignoreUnknown = true)
public sealed interface DomainEvent permits OrderEvent, InventoryEvent, NotificationEvent {

  /**
   * Unique for each event and identical for every copy of it (a redelivery, a duplicate), so it
   * serves as the CloudEvents {@code id} and as a deduplication key. Derived from the event's own
   * data.
   */
  String eventId();

  /**
   * The aggregate the event belongs to: the Kafka record key and the CloudEvents {@code subject}.
   */
  String subject();

  /**
   * What the subject is, as the name of the field that holds it in the event: {@code orderId} for
   * the events of an order's saga, {@code sku} for a sku's stock. Logs and traces use it as the
   * subject's key.
   */
  String subjectName();

  Instant occurredAt();

  /**
   * The stable wire name, e.g. {@code OrderPlaced}: the JSON {@code type} and CloudEvents {@code
   * type}.
   */
  default String type() {
    return EventTypes.nameOf(getClass());
  }
}
