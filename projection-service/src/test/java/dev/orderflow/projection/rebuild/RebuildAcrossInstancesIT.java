package dev.orderflow.projection.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.ProjectionServiceApplication;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import dev.orderflow.projection.generation.Generations;
import dev.orderflow.projection.generation.ProjectionName;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Two instances of projection-service on one Kafka and one MongoDB: the shared test context
 * (instance A) and a second application context (instance B) whose live listener is a member of the
 * same consumer group. A rebuild started on A while orders flow must end with both instances
 * reading and writing the new generation, and every order's view complete: nothing lost at the
 * seam, nothing counted twice.
 */
class RebuildAcrossInstancesIT extends ProjectionServiceIntegrationTest {

  static final Duration REBUILT = Duration.ofSeconds(90);
  static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired Generations generations;
  @Autowired MongoTemplate mongo;
  @Autowired KafkaListenerEndpointRegistry listeners;

  @Test
  void a_rebuild_on_one_instance_switches_both_and_loses_no_record_at_the_seam() throws Exception {
    var run = UUID.randomUUID().toString().substring(0, 8);
    var b = startSecondInstance();
    try {
      var httpB =
          RestTestClient.bindToServer()
              .baseUrl("http://localhost:" + b.getEnvironment().getProperty("local.server.port"))
              .build();
      var generationsB = b.getBean(Generations.class);
      var listenersB = b.getBean(KafkaListenerEndpointRegistry.class);
      await("both instances hold partitions of the group")
          .atMost(Duration.ofSeconds(60))
          .until(() -> !assigned(listeners).isEmpty() && !assigned(listenersB).isEmpty());
      var order = generations.live(ProjectionName.ORDER);
      var stock = generations.live(ProjectionName.STOCK);
      assertThat(generationsB.live(ProjectionName.ORDER)).isEqualTo(order);

      var traffic = new Traffic(run);
      var sender = Thread.ofVirtual().start(traffic);
      int sentAtSwitch;
      try {
        await("orders flowing").atMost(PROJECTED).until(() -> traffic.sent.get() >= 10);
        for (var name : List.of("order", "stock")) {
          admin(http)
              .post()
              .uri("/api/admin/projections/{name}/rebuild", name)
              .exchange()
              .expectStatus()
              .isAccepted();
        }
        await("both projections switched, as instance A tells")
            .atMost(REBUILT)
            .until(() ->
                generations.live(ProjectionName.ORDER) == order + 1
                    && generations.live(ProjectionName.STOCK) == stock + 1);
        sentAtSwitch = traffic.sent.get();
        await("instance B took the new generations")
            .atMost(Duration.ofSeconds(5))
            .until(() ->
                generationsB.live(ProjectionName.ORDER) == order + 1
                    && generationsB.live(ProjectionName.STOCK) == stock + 1);
        var appliedByB = appliedLive(b.getBean(MeterRegistry.class));
        await("orders flowing after the switch, applied by both instances")
            .atMost(PROJECTED)
            .until(() ->
                traffic.sent.get() >= sentAtSwitch + 20
                    && appliedLive(b.getBean(MeterRegistry.class)) > appliedByB);
      } finally {
        traffic.stop.set(true);
        sender.join();
      }
      assertThat(traffic.failure).isEmpty();
      assertThat(traffic.orderIds).hasSizeGreaterThan(sentAtSwitch);

      // Every order placed before, during and after the switch, complete on both instances.
      for (var orderId : traffic.orderIds) {
        for (var client : List.of(httpB, http)) {
          var view =
              await("the whole journey of " + orderId)
                  .atMost(PROJECTED)
                  .pollDelay(Duration.ZERO)
                  .until(() -> view(client, orderId), v -> v != null && complete(v));
          assertThat(view).containsEntry("status", "CONFIRMED").containsEntry("version", 2);
        }
      }
      var placed = traffic.orderIds.size();
      for (var client : List.of(httpB, http)) {
        var sales = list(client, "/api/sales?sku=SKU-SEAM-" + run);
        assertThat(sales.stream().mapToLong(hour -> number(hour, "orders")).sum())
            .as("each order sold once")
            .isEqualTo(placed);
        assertThat(sales.stream().mapToLong(hour -> number(hour, "units")).sum()).isEqualTo(placed);
        client
            .get()
            .uri("/api/customers/{id}/orders?size=1", "c-seam-" + run)
            .exchange()
            .expectHeader()
            .valueEquals("X-Total-Count", Integer.toString(placed));
        var level =
            list(client, "/api/stock?size=1000").stream()
                .filter(s -> ("SKU-SEAM-" + run).equals(s.get("sku")))
                .toList();
        assertThat(level)
            .singleElement()
            .satisfies(s -> assertThat(s).containsEntry("reserved", placed));
      }
      assertThat(generationsB.live(ProjectionName.ORDER)).isEqualTo(order + 1);
      assertThat(mongo.getCollectionNames())
          .as("the old generations dropped, and not written again by either instance")
          .doesNotContain(
              ProjectionName.collection("order_views", order),
              ProjectionName.collection("sales", order),
              ProjectionName.collection("stock_views", stock));
      assertThat(mongo.getCollection("projection_switch_acks").countDocuments())
          .as("the acknowledgements of the switch forgotten")
          .isZero();
    } finally {
      b.close();
      await("instance A holds every partition again")
          .atMost(Duration.ofSeconds(60))
          .until(() -> assigned(listeners).size() == 3 * ProjectionName.ORDER.topics().size());
    }
  }

  /** Instance B: the same application, its own web port, instance id and one listener thread. */
  private static ConfigurableApplicationContext startSecondInstance() {
    var properties =
        new HashMap<String, Object>(EmbeddedStack.shared().springProperties("projections"));
    properties.put("server.port", "0");
    // A static member sorts before the dynamic ones (and this name before a host name) in the
    // range assignment, so instance B is sure to hold partitions.
    properties.put("orderflow.kafka.instance-id", "0-second");
    properties.put("spring.kafka.listener.concurrency", "1");
    // A static member that stops keeps its partitions until its session times out.
    properties.put("spring.kafka.consumer.properties.session.timeout.ms", "6000");
    // As arguments: they override application.yml, as a deployment's environment does.
    return new SpringApplicationBuilder(ProjectionServiceApplication.class)
        .run(
            properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new));
  }

  private static List<?> assigned(KafkaListenerEndpointRegistry registry) {
    var container = registry.getListenerContainer("projection-intake");
    if (container == null) {
      return List.of();
    }
    var partitions = container.getAssignedPartitions();
    return partitions == null ? List.of() : List.copyOf(partitions);
  }

  private static double appliedLive(MeterRegistry meters) {
    return meters.find("projection.events.applied").tag("intake", "live").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  /** Orders published one after another until told to stop: placed, reserved, confirmed, sent. */
  class Traffic implements Runnable {

    final String run;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger sent = new AtomicInteger();
    final List<String> orderIds = new CopyOnWriteArrayList<>();
    final List<Exception> failure = new CopyOnWriteArrayList<>();

    Traffic(String run) {
      this.run = run;
    }

    @Override
    public void run() {
      var sku = "SKU-SEAM-" + run;
      var customer = "c-seam-" + run;
      try {
        while (!stop.get()) {
          var n = sent.get();
          var orderId = "o-seam-" + run + "-" + n;
          var at = Instant.now();
          var line = new OrderLine(sku, 1, new BigDecimal("2.00"));
          publish(
              new OrderPlaced(orderId, 1, at, customer, List.of(line), line.lineTotal()),
              new StockReserved(orderId, at.plusMillis(10), List.of(new StockLine(sku, 1))),
              new StockLevelChanged(
                  sku, n + 1, at.plusMillis(10), 1_000_000, n + 1, 1_000_000 - n - 1),
              new OrderConfirmed(orderId, 2, at.plusMillis(20)),
              new NotificationSent(
                  orderId, NotificationKind.ORDER_CONFIRMED, at.plusMillis(30), customer + "@x"));
          orderIds.add(orderId);
          sent.incrementAndGet();
        }
      } catch (Exception e) {
        failure.add(e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static boolean complete(Map<String, Object> view) {
    var timeline = (List<Map<String, Object>>) view.get("timeline");
    return "CONFIRMED".equals(view.get("status")) && timeline != null && timeline.size() >= 4;
  }

  private static Map<String, Object> view(RestTestClient client, String orderId) {
    var result = client.get().uri("/api/orders/{id}", orderId).exchange().returnResult(JSON_OBJECT);
    return result.getStatus().isSameCodeAs(HttpStatus.OK) ? result.getResponseBody() : null;
  }

  private static List<Map<String, Object>> list(RestTestClient client, String uri) {
    return client.get().uri(uri).exchange().expectBody(JSON_LIST).returnResult().getResponseBody();
  }

  private static long number(Map<String, Object> json, String field) {
    return ((Number) json.get(field)).longValue();
  }

  private static RestTestClient admin(RestTestClient http) {
    return http.mutate()
        .defaultHeaders(headers -> headers.setBasicAuth("admin", "test-admin-password"))
        .build();
  }
}
