package dev.orderflow.systemtest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records no orderflow service wrote, of every kind a consumer must survive: not JSON, truncated
 * JSON, an unknown type, values out of the domain's bounds, headers that contradict the body, no
 * value at all, a value over the reader's limit and one near the broker's, whose dead letter the
 * broker refuses until it is truncated. Each goes to every event topic, under a key of its own.
 */
final class PoisonRecords {

  /** Which consumer groups read each topic: each must dead-letter every poison record of it. */
  static final Map<String, List<String>> READERS =
      Map.of(
          "orders.events",
          List.of("inventory-service", "notification-service", "projection-service"),
          "inventory.events",
          List.of("order-service", "projection-service"),
          "notifications.events",
          List.of("projection-service"));

  /** One poison record: its key, and what it is. */
  record Poison(String topic, String key, String kind) {}

  private PoisonRecords() {}

  /** Sends every kind to every topic; the records sent. */
  static List<Poison> sendTo(String bootstrapServers) throws InterruptedException {
    var sent = new ArrayList<Poison>();
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                2 * 1024 * 1024,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (var topic : READERS.keySet()) {
        for (var kind : kinds(topic).entrySet()) {
          var key = "poison-" + kind.getKey() + "-" + UUID.randomUUID().toString().substring(0, 8);
          var record = new ProducerRecord<String, byte[]>(topic, key, kind.getValue());
          if (kind.getKey().equals("contradicting-header")) {
            record.headers().add(new RecordHeader("ce_type", "OrderCancelled".getBytes(UTF_8)));
          }
          try {
            producer.send(record).get();
          } catch (ExecutionException e) {
            throw new IllegalStateException("Could not send " + kind.getKey() + " to " + topic, e);
          }
          sent.add(new Poison(topic, key, kind.getKey()));
        }
      }
    }
    return sent;
  }

  private static Map<String, byte[]> kinds(String topic) {
    var event = anEventOf(topic);
    var kinds = new java.util.LinkedHashMap<String, byte[]>();
    kinds.put("not-json", "this is not an event".getBytes(UTF_8));
    kinds.put("truncated", event.substring(0, event.length() / 2).getBytes(UTF_8));
    kinds.put("unknown-type", "{\"type\":\"OrderTeleported\",\"orderId\":\"o-1\"}".getBytes(UTF_8));
    kinds.put("out-of-bounds", outOfBounds(topic).getBytes(UTF_8));
    kinds.put("contradicting-header", event.getBytes(UTF_8));
    kinds.put("no-value", null);
    kinds.put("over-the-readers-limit", ("\"" + "x".repeat(300 * 1024) + "\"").getBytes(UTF_8));
    kinds.put("near-the-brokers-limit", "y".repeat(1_040_000).getBytes(UTF_8));
    return kinds;
  }

  /** A well-formed event of the topic, for an order no one placed. */
  private static String anEventOf(String topic) {
    return switch (topic) {
      case "orders.events" ->
          "{\"type\":\"OrderConfirmed\",\"orderId\":\"poisoned\",\"version\":2,"
              + "\"occurredAt\":\"2026-12-01T10:00:00Z\"}";
      case "inventory.events" ->
          "{\"type\":\"StockReleased\",\"orderId\":\"poisoned\","
              + "\"occurredAt\":\"2026-12-01T10:00:00Z\",\"lines\":[]}";
      default ->
          "{\"type\":\"NotificationSent\",\"orderId\":\"poisoned\",\"kind\":\"ORDER_CONFIRMED\","
              + "\"occurredAt\":\"2026-12-01T10:00:00Z\",\"recipient\":\"c@example.com\"}";
    };
  }

  /** An event whose values no event may hold: the price that once crash-looped a service, say. */
  private static String outOfBounds(String topic) {
    return switch (topic) {
      case "orders.events" ->
          "{\"type\":\"OrderPlaced\",\"orderId\":\"poisoned\",\"version\":1,"
              + "\"occurredAt\":\"2026-12-01T10:00:00Z\",\"customerId\":\"c-1\","
              + "\"lines\":[{\"sku\":\"SKU-1\",\"quantity\":1,\"unitPrice\":1E+999999999}],"
              + "\"total\":1E+999999999}";
      case "inventory.events" ->
          "{\"type\":\"StockLevelChanged\",\"sku\":\"SKU-1\",\"version\":1,"
              + "\"occurredAt\":\"2026-12-01T10:00:00Z\",\"onHand\":-5,\"reserved\":0,"
              + "\"available\":-5}";
      default ->
          "{\"type\":\"NotificationSent\",\"orderId\":\"../../etc/passwd\","
              + "\"kind\":\"ORDER_CONFIRMED\",\"occurredAt\":\"2026-12-01T10:00:00Z\","
              + "\"recipient\":\"c@example.com\"}";
    };
  }
}
