package dev.orderflow.systemtest;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.orderflow.devstack.Devstack;
import dev.orderflow.devstack.kafka.TopicRecords;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the system holds, read behind the services' backs: the order event store in MongoDB, the
 * topics, the outboxes. The guarantees are checked against this, not against what the services say.
 */
final class SystemState {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Devstack stack;

  SystemState(Devstack stack) {
    this.stack = stack;
  }

  /** An order as the fold of its events in the event store. */
  record OrderHistory(
      List<String> types, List<Long> versions, String customerId, BigDecimal total, int lineCount) {

    String status() {
      return switch (types.getLast()) {
        case "OrderPlaced" -> "PENDING";
        case "OrderConfirmed" -> "CONFIRMED";
        case "OrderRejected" -> "REJECTED";
        case "OrderCancelled" -> "CANCELLED";
        default -> throw new IllegalStateException("Unknown order event " + types.getLast());
      };
    }

    /** One email per terminal state the order went through. */
    List<String> emailKinds() {
      return types.stream()
          .filter(type -> !type.equals("OrderPlaced"))
          .map(type -> "ORDER_" + type.substring("Order".length()).toUpperCase())
          .toList();
    }
  }

  OrderHistory eventStoreHistory(String orderId) {
    try (var mongo = MongoClients.create(stack.mongoUri("orders"))) {
      var ids = IntStream.rangeClosed(1, 16).mapToObj(commit -> orderId + ":" + commit).toList();
      var commits =
          mongo
              .getDatabase("orders")
              .getCollection("order_commits")
              .find(Filters.in("_id", ids))
              .into(new ArrayList<>());
      commits.sort(Comparator.comparingInt(commit -> commit.getInteger("commit")));
      var events =
          commits.stream()
              .flatMap(commit -> commit.getList("events", Document.class).stream())
              .map(event -> JSON.readTree(event.getString("payload")))
              .toList();
      var placed = events.getFirst();
      return new OrderHistory(
          events.stream().map(event -> event.get("type").asString()).toList(),
          events.stream().map(event -> event.get("version").asLong()).toList(),
          placed.get("customerId").asString(),
          placed.get("total").decimalValue(),
          placed.get("lines").size());
    }
  }

  /**
   * For each order, the versions of its events on {@code orders.events} in the order a consumer
   * meets them for the first time (a duplicate, which at-least-once delivery allows, adds nothing).
   */
  Map<String, List<Long>> versionsInTopicOrder(Set<String> orderIds) {
    var firstSeen = new HashMap<String, List<Long>>();
    for (var record : TopicRecords.readAll(stack.kafkaBootstrapServers(), "orders.events")) {
      if (!orderIds.contains(record.key())) {
        continue;
      }
      JsonNode event = JSON.readTree(record.value());
      var versions = firstSeen.computeIfAbsent(record.key(), key -> new ArrayList<>());
      var version = event.get("version").asLong();
      if (!versions.contains(version)) {
        versions.add(version);
      }
    }
    return firstSeen;
  }

  /**
   * Outbox entries still waiting, in every service's database; empty once everything is relayed.
   */
  List<String> unpublishedOutboxEntries() {
    var waiting = new ArrayList<String>();
    try (var mongo = MongoClients.create(stack.mongoUri("orders"))) {
      mongo
          .getDatabase("orders")
          .getCollection("order_commits")
          .find(Filters.eq("published", false))
          .forEach(commit -> waiting.add("orders.order_commits " + commit.getString("_id")));
      collect(
          mongo
              .getDatabase("inventory")
              .getCollection("reservations")
              .find(Filters.exists("outbox.0")),
          "inventory.reservations",
          waiting);
      collect(
          mongo
              .getDatabase("notifications")
              .getCollection("notifications")
              .find(Filters.exists("outbox.0")),
          "notifications.notifications",
          waiting);
    }
    return waiting;
  }

  private static void collect(Iterable<Document> documents, String where, List<String> into) {
    documents.forEach(document -> into.add(where + " " + document.get("_id")));
  }
}
