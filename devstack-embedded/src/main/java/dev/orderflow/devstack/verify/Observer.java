package dev.orderflow.devstack.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.devstack.verify.Observation.DeadLetter;
import dev.orderflow.devstack.verify.Observation.Email;
import dev.orderflow.devstack.verify.Observation.Line;
import dev.orderflow.devstack.verify.Observation.OrderHistory;
import dev.orderflow.devstack.verify.Observation.Stock;
import dev.orderflow.devstack.verify.Observation.View;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Reads an {@link Observation} off a running orderflow: the event store and the outboxes from
 * MongoDB, the read side, stock, emails and health through the HTTP contract, lag and dead letters
 * from Kafka. Nothing is read from the read side that could stand in for the write side's truth.
 */
public final class Observer implements AutoCloseable {

  /** The topics whose dead-letter topics are listed. */
  static final List<String> TOPICS =
      List.of("orders.events", "inventory.events", "notifications.events");

  /** The consumer groups of the services (any other group of theirs starts with the same name). */
  static final List<String> SERVICES =
      List.of("order-service", "inventory-service", "notification-service", "projection-service");

  /** The topics each service's consumer group reads. */
  static final Map<String, List<String>> READS =
      Map.of(
          "order-service", List.of("inventory.events"),
          "inventory-service", List.of("orders.events"),
          "notification-service", List.of("orders.events"),
          "projection-service", TOPICS);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int CONCURRENT_CALLS = 16;

  private final Target target;
  private final Set<String> ledger;
  private final Clock clock;
  private final MongoClient mongo;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Observer(Target target, Set<String> ledger, Clock clock) {
    this.target = target;
    this.ledger = Set.copyOf(ledger);
    this.clock = clock;
    this.mongo =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(target.mongo()))
                .applyToClusterSettings(
                    cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .build());
  }

  /** Reads everything once; a service that does not answer shows as such, not as an exception. */
  public Observation observe() throws InterruptedException {
    var at = clock.instant();
    // Stock before the orders: an order the store shows that stock does not yet was placed in
    // between, is recent, and so counts as in flight; the other way round it would not.
    var stock = new TreeMap<String, Stock>();
    forEach(stockedSkus(), this::stock)
        .forEach((sku, levels) -> levels.ifPresent(l -> stock.put(sku, l)));
    var orders = eventStore();
    var views = forEach(orders.keySet(), this::view);
    var emails = forEach(orders.keySet(), this::emails);
    return new Observation(
        at, ledger, orders, views, stock, emails, waiting(), lag(), health(), deadLetters());
  }

  /** Every sku inventory-service holds stock for. */
  Set<String> stockedSkus() {
    var skus = new TreeSet<String>();
    mongo
        .getDatabase("inventory")
        .getCollection("stock")
        .find()
        .projection(new Document("_id", 1))
        .forEach(document -> skus.add(document.getString("_id")));
    return skus;
  }

  /** Every order in order-service's event store, folded from its commits. */
  Map<String, OrderHistory> eventStore() {
    var commits = new HashMap<String, List<Document>>();
    for (var commit : mongo.getDatabase("orders").getCollection("order_commits").find()) {
      commits.computeIfAbsent(commit.getString("streamId"), id -> new ArrayList<>()).add(commit);
    }
    var orders = new HashMap<String, OrderHistory>();
    commits.forEach((orderId, stream) -> {
      stream.sort(Comparator.comparingInt(commit -> commit.getInteger("commit")));
      var events = new ArrayList<JsonNode>();
      for (var commit : stream) {
        for (var event : commit.getList("events", Document.class)) {
          events.add(read(event.getString("payload")));
        }
      }
      var placed = events.getFirst();
      var lines = new ArrayList<Line>();
      placed.path("lines").forEach(line -> lines.add(line(line)));
      orders.put(
          orderId,
          new OrderHistory(
              orderId,
              placed.path("customerId").asText(),
              lines,
              placed.path("total").decimalValue(),
              Instant.parse(placed.path("occurredAt").asText()),
              Instant.parse(events.getLast().path("occurredAt").asText()),
              events.stream().map(event -> event.path("type").asText()).toList(),
              events.stream().map(event -> event.path("version").asLong()).toList()));
    });
    return orders;
  }

  Optional<View> view(String orderId) {
    var response = get(target.projection(), "/api/orders/" + orderId);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    var view = json(response);
    var lines = new ArrayList<Line>();
    view.path("lines").forEach(line -> lines.add(line(line)));
    return Optional.of(
        new View(
            view.path("status").asText(),
            view.path("customerId").asText(),
            view.path("total").decimalValue(),
            lines));
  }

  List<Email> emails(String orderId) {
    var response =
        get(
            target.notifications(),
            "/api/notifications?orderId=" + URLEncoder.encode(orderId, UTF_8));
    var emails = new ArrayList<Email>();
    json(response)
        .forEach(email ->
            emails.add(new Email(email.path("kind").asText(), email.path("status").asText())));
    return emails;
  }

  Optional<Stock> stock(String sku) {
    var response = get(target.inventory(), "/api/stock/" + sku);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    var levels = json(response);
    return Optional.of(
        new Stock(
            sku,
            levels.path("onHand").asInt(),
            levels.path("reserved").asInt(),
            levels.path("available").asInt()));
  }

  /** Entries each outbox still holds. */
  Map<String, Long> waiting() {
    var waiting = new LinkedHashMap<String, Long>();
    waiting.put(
        "orders.order_commits", count("orders", "order_commits", Filters.eq("published", false)));
    waiting.put(
        "inventory.reservations", count("inventory", "reservations", Filters.exists("outbox.0")));
    waiting.put("inventory.stock", count("inventory", "stock", Filters.eq("dirty", true)));
    waiting.put(
        "notifications.notifications",
        count("notifications", "notifications", Filters.exists("outbox.0")));
    return waiting;
  }

  private long count(String database, String collection, org.bson.conversions.Bson filter) {
    return mongo.getDatabase(database).getCollection(collection).countDocuments(filter);
  }

  /**
   * Records not yet committed, per consumer group and topic: each service's group on every topic it
   * reads (a partition it never committed counts from the beginning), and any other group named
   * after a service where it has committed (notification-service's retry-topic groups, gone since
   * issue 19, on a cluster that still has them).
   */
  Map<String, Long> lag() throws InterruptedException {
    var lag = new TreeMap<String, Long>();
    try (var admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                target.kafka(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                15_000))) {
      var groups = new TreeSet<>(READS.keySet());
      admin.listConsumerGroups().all().get().stream()
          .map(group -> group.groupId())
          .filter(group -> SERVICES.stream().anyMatch(group::startsWith))
          .forEach(groups::add);
      var topics = TOPICS.stream().toList();
      var partitions = new ArrayList<TopicPartition>();
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get()
          .forEach((topic, description) ->
              description
                  .partitions()
                  .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
      for (var group : groups) {
        var committed =
            new HashMap<>(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
        var read = READS.getOrDefault(group, List.of());
        for (var partition : partitions) {
          if (read.contains(partition.topic())) {
            committed.putIfAbsent(partition, null);
          }
        }
        var latest = new HashMap<TopicPartition, OffsetSpec>();
        var earliest = new HashMap<TopicPartition, OffsetSpec>();
        committed
            .keySet()
            .forEach(partition -> {
              latest.put(partition, OffsetSpec.latest());
              earliest.put(partition, OffsetSpec.earliest());
            });
        var ends = admin.listOffsets(latest).all().get();
        var beginnings = admin.listOffsets(earliest).all().get();
        committed.forEach((partition, offset) -> {
          var beginning = beginnings.get(partition);
          var end = ends.get(partition);
          if (end == null) {
            return;
          }
          long from = offset != null ? offset.offset() : beginning != null ? beginning.offset() : 0;
          long behind = Math.max(0, end.offset() - from);
          lag.merge(group + " " + partition.topic(), behind, Long::sum);
        });
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka could not be read: " + causeOf(e), e);
    }
    return lag;
  }

  /** Each service's health status, or why it could not be read. */
  Map<String, String> health() {
    var health = new LinkedHashMap<String, String>();
    for (var service : target.services().entrySet()) {
      try {
        var response = get(service.getValue(), "/actuator/health");
        health.put(
            service.getKey(),
            json(response).path("status").asText("HTTP " + response.statusCode()));
      } catch (UncheckedIOException e) {
        health.put(service.getKey(), "unreachable (" + causeOf(e) + ")");
      }
    }
    return health;
  }

  List<DeadLetter> deadLetters() {
    var letters = new ArrayList<DeadLetter>();
    for (var topic : TOPICS) {
      for (var record : TopicRecords.readAll(target.kafka(), topic + ".DLT")) {
        letters.add(deadLetter(topic + ".DLT", record));
      }
    }
    return letters;
  }

  private static DeadLetter deadLetter(String topic, ConsumerRecord<String, byte[]> record) {
    var headers = record.headers();
    Function<String, String> text =
        name -> {
          var header = headers.lastHeader(name);
          return header == null ? "?" : new String(header.value(), UTF_8);
        };
    var partition = headers.lastHeader("kafka_dlt-original-partition");
    var offset = headers.lastHeader("kafka_dlt-original-offset");
    var position =
        text.apply("kafka_dlt-original-topic")
            + "-"
            + (partition == null ? "?" : ByteBuffer.wrap(partition.value()).getInt())
            + "@"
            + (offset == null ? "?" : ByteBuffer.wrap(offset.value()).getLong());
    return new DeadLetter(
        topic,
        record.key(),
        position,
        text.apply("kafka_dlt-original-consumer-group"),
        oneLine(text.apply("kafka_dlt-exception-message")));
  }

  /** A cause as one line of at most 300 characters: Spring's span several. */
  static String oneLine(String text) {
    var line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= 300 ? line : line.substring(0, 299) + "…";
  }

  /** Calls {@code read} for each key, a few at a time. */
  private <T> Map<String, T> forEach(Set<String> keys, Function<String, T> read)
      throws InterruptedException {
    var results = new ConcurrentHashMap<String, T>();
    var slots = new Semaphore(CONCURRENT_CALLS);
    var failures = new ConcurrentHashMap<String, RuntimeException>();
    try (var calls = Executors.newVirtualThreadPerTaskExecutor()) {
      for (var key : keys) {
        slots.acquire();
        calls.submit(() -> {
          try {
            results.put(key, read.apply(key));
          } catch (RuntimeException e) {
            failures.put(key, e);
          } finally {
            slots.release();
          }
        });
      }
    }
    if (!failures.isEmpty()) {
      throw failures.values().iterator().next();
    }
    return results;
  }

  private HttpResponse<String> get(URI base, String path) {
    try {
      return http.send(
          HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    return read(response.body());
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Line line(JsonNode line) {
    return new Line(
        line.path("sku").asText(),
        line.path("quantity").asInt(),
        new BigDecimal(line.path("unitPrice").asText()));
  }

  @Override
  public void close() {
    mongo.close();
  }

  private static @Nullable String causeOf(Exception e) {
    return (e.getCause() == null ? e : e.getCause()).getMessage();
  }
}
