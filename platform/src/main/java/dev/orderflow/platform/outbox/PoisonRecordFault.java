package dev.orderflow.platform.outbox;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.events.Topic;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.json.EventJson;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaOperations;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fault {@code poison-record} (docs/faults.md): switching it on publishes {@code count} records
 * that no consumer can handle to the service's own events topic, once per switch for the whole
 * service (from the instance that took the switch, {@link Fault#onRequestedHere}); the fault then
 * stays on, changing nothing more, until it is switched off. Each record has a key ({@code
 * poison-…}, also its subject) and every CloudEvents header the relay writes, as if the service's
 * relay had published it, so it reaches the consumers' deserialization and is refused there:
 *
 * <ul>
 *   <li>{@code kind} 1: a value that is not JSON at all.
 *   <li>{@code kind} 2: a well-formed event of the topic's type with a value out of the domain's
 *       bounds (an order line of quantity -1, a stock level of -1 available, a notification sent in
 *       1970), which the event's constructor refuses.
 * </ul>
 *
 * Every consumer of the topic dead-letters it at once (a fatal failure, RetryPolicy) with the cause
 * in its headers, counts it in {@code kafka_dead_letters_total}, and carries on with the next.
 */
public final class PoisonRecordFault {

  static final String NAME = "poison-record";
  static final String KIND = "kind";
  static final String COUNT = "count";
  static final long UNREADABLE = 1;
  static final long OUT_OF_BOUNDS = 2;

  /** The longest a switch waits for the broker to take the records. */
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(PoisonRecordFault.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KafkaOperations<String, String> kafka;
  private final String serviceName;
  private final Topic<?> topic;
  private final EventJson json;
  private final Clock clock;

  public PoisonRecordFault(
      Faults faults,
      KafkaOperations<String, String> kafka,
      String serviceName,
      Topic<?> topic,
      EventJson json,
      Clock clock) {
    this.kafka = kafka;
    this.serviceName = serviceName;
    this.topic = topic;
    this.json = json;
    this.clock = clock;
    // Refuses a topic it has no out-of-bounds event for at start, not at the first switch.
    outOfBounds("poison-check", clock.instant());
    var fault =
        faults.register(
            NAME,
            "Switching it on publishes count records no consumer can read to "
                + topic.name()
                + " (kind 1: not JSON, kind 2: an event with a value out of bounds), once per"
                + " switch; every consumer dead-letters them and carries on.",
            new Fault.Parameter(KIND, UNREADABLE, UNREADABLE, OUT_OF_BOUNDS),
            new Fault.Parameter(COUNT, 1, 1, 10));
    fault.onRequestedHere(this::publish);
  }

  /** Publishes the records a switch asks for; a broker that does not take them is logged. */
  void publish(Map<String, Long> parameters) {
    long kind = Objects.requireNonNull(parameters.get(KIND), KIND);
    long count = Objects.requireNonNull(parameters.get(COUNT), COUNT);
    var sends = new ArrayList<CompletableFuture<?>>();
    var keys = new ArrayList<String>();
    for (var i = 0; i < count; i++) {
      var record = record(kind, "poison-" + UUID.randomUUID(), clock.instant());
      keys.add(record.key());
      sends.add(kafka.send(record));
    }
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      log.warn(
          "Fault {} published {} record(s) of kind {} to {}: keys {}",
          NAME,
          count,
          kind,
          topic.name(),
          keys);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Fault {}: interrupted while publishing to {}", NAME, topic.name());
    } catch (Exception e) {
      log.warn(
          "Fault {}: the records {} may not have reached {} ({}); switch it on again to retry",
          NAME,
          keys,
          topic.name(),
          e.toString());
    }
  }

  /** A poison record of {@code kind} under {@code key}, with the headers of its would-be event. */
  ProducerRecord<String, String> record(long kind, String key, Instant now) {
    var poison = outOfBounds(key, now);
    var payload = kind == UNREADABLE ? "\u0000" + NAME + ": this is not JSON \uFFFD" : poison.json;
    var message = OutboxMessage.of(serviceName, key, 0, poison.event, payload);
    return KafkaOutboxPublisher.record(message, KafkaOutboxPublisher.sourceOf(serviceName));
  }

  /** A valid event of the topic's type, and its JSON with one value moved out of bounds. */
  private record Poison(DomainEvent event, String json) {}

  private Poison outOfBounds(String id, Instant now) {
    return switch (topic.name()) {
      case Topics.Names.ORDER_EVENTS -> {
        var price = new BigDecimal("1.00");
        var event =
            new OrderPlaced(id, 1, now, "poison", List.of(new OrderLine(id, 1, price)), price);
        yield changed(event, tree -> ((ObjectNode) tree.get("lines").get(0)).put("quantity", -1));
      }
      case Topics.Names.INVENTORY_EVENTS ->
          changed(
              new StockLevelChanged(id, 1, now, 1, 0, 1),
              tree -> tree.put("available", -1).put("reserved", 2));
      case Topics.Names.NOTIFICATION_EVENTS ->
          changed(
              new NotificationSent(id, NotificationKind.ORDER_CONFIRMED, now, "poison@example.org"),
              tree -> tree.put("occurredAt", "1970-01-01T00:00:00Z"));
      default ->
          throw new IllegalArgumentException(
              NAME + " has no out-of-bounds event for topic " + topic.name());
    };
  }

  private Poison changed(DomainEvent event, Consumer<ObjectNode> change) {
    var tree = (ObjectNode) JSON.readTree(json.write(event));
    change.accept(tree);
    return new Poison(event, JSON.writeValueAsString(tree));
  }
}
