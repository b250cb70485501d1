package dev.orderflow.projection.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.spy;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent.NotificationSent;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent.Shortage;
import dev.orderflow.events.ReservationEvent.StockLine;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import dev.orderflow.projection.generation.ControlDocument;
import dev.orderflow.projection.generation.ControlDocument.Building;
import dev.orderflow.projection.generation.Generations;
import dev.orderflow.projection.generation.LiveProjections;
import dev.orderflow.projection.generation.ProjectionName;
import dev.orderflow.projection.generation.ReadSides;
import dev.orderflow.projection.intake.KafkaOffsets;
import dev.orderflow.projection.intake.Replay;
import dev.orderflow.projection.intake.Replays;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.TimeoutException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

class RebuildIT extends ProjectionServiceIntegrationTest {

  static final String ADMIN_USER = "admin";
  static final String ADMIN_PASSWORD = "test-admin-password";
  static final Duration REBUILT = Duration.ofSeconds(90);
  static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");
  static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST =
      new ParameterizedTypeReference<>() {};

  @Autowired Generations generations;
  @Autowired LiveProjections live;
  @Autowired Rebuilds rebuilds;
  @Autowired MongoTemplate mongo;
  @Autowired ReadSides readSides;
  @Autowired Replays replays;
  @Autowired KafkaOffsets offsets;
  @Autowired Clock clock;

  @Test
  void a_rebuild_under_live_traffic_switches_generations_and_every_view_stays_the_same()
      throws Exception {
    var run = UUID.randomUUID().toString().substring(0, 8);
    var sku = "SKU-RB-" + run;
    var customer = "c-rb-" + run;
    var orderIds = new ArrayList<String>();
    for (int i = 0; i < 12; i++) {
      var orderId = "o-rb-" + run + "-" + i;
      orderIds.add(orderId);
      publish(journey(orderId, customer, sku, T0.plusSeconds(600L * i), i % 4 == 0));
    }
    // A rejected order, placed in a trace: its reason is in its events, its trace id only in the
    // header of its OrderPlaced record, which the rebuild reads again.
    var rejected = "o-rb-" + run + "-rejected";
    orderIds.add(rejected);
    var rejectedAt = T0.plusSeconds(7200);
    var line = new OrderLine(sku, 500, new BigDecimal("4.50"));
    publishTraced(
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        new OrderPlaced(rejected, 1, rejectedAt, customer, List.of(line), line.lineTotal()));
    publish(
        new StockReservationFailed(
            rejected,
            rejectedAt.plusMillis(100),
            RejectionReason.INSUFFICIENT_STOCK,
            List.of(new Shortage(sku, 500, 88))),
        new OrderRejected(
            rejected, 2, rejectedAt.plusMillis(200), RejectionReason.INSUFFICIENT_STOCK),
        new NotificationSent(
            rejected, NotificationKind.ORDER_REJECTED, rejectedAt.plusSeconds(1), customer + "@x"));
    publish(new StockLevelChanged(sku, 1, T0, 100, 12, 88));
    for (var orderId : orderIds) {
      awaitOrderView(orderId, "the journey of " + orderId, view -> timeline(view).size() >= 4);
    }
    // Customer history and sales hear of the views once they are stored (written behind).
    await("what the views hold stored").atMost(PROJECTED).until(live::allFlushed);
    assertThat(orderViewIfAny(rejected))
        .containsEntry("status", "REJECTED")
        .containsEntry("reason", "insufficient-stock")
        .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(orderViewIfAny(orderIds.getFirst()))
        .containsEntry("reason", null)
        .containsEntry("traceId", null);
    var before = snapshot(orderIds, customer, sku);
    var orderGeneration = generations.live(ProjectionName.ORDER);
    var stockGeneration = generations.live(ProjectionName.STOCK);

    var traffic = new LiveTraffic(run);
    var sender = Thread.ofVirtual().start(traffic);
    try {
      await("live traffic flowing").atMost(PROJECTED).until(() -> traffic.sent.get() >= 3);
      for (var name : List.of("order", "stock")) {
        startRebuild(name)
            .expectHeader()
            .valueMatches(HttpHeaders.LOCATION, ".*/api/admin/projections/" + name)
            .expectBody()
            .jsonPath("$.name")
            .isEqualTo(name)
            .jsonPath("$.status")
            .isEqualTo("REBUILDING");
      }
      await("both projections rebuilt and switched")
          .atMost(REBUILT)
          .until(() ->
              projections().stream()
                  .allMatch(p ->
                      "LIVE".equals(p.get("status"))
                          && ((Number) p.get("progress")).doubleValue() == 1.0
                          && (int) p.get("generation")
                              == 1
                                  + (p.get("name").equals("order")
                                      ? orderGeneration
                                      : stockGeneration)));
    } finally {
      traffic.stop.set(true);
      sender.join();
    }

    for (var orderId : traffic.orderIds) {
      awaitOrderView(
          orderId, "live order " + orderId, view -> "CONFIRMED".equals(view.get("status")));
    }
    assertThat(snapshot(orderIds, customer, sku)).isEqualTo(before);
    var placedDuringTheRebuild = traffic.orderIds.size();
    await("sales and the customer history counted each live order once")
        .atMost(PROJECTED)
        .untilAsserted(() -> {
          var sales = liveSales("SKU-LIVE-" + run);
          assertThat(sales.stream().mapToLong(hour -> number(hour, "orders")).sum())
              .isEqualTo(placedDuringTheRebuild);
          assertThat(sales.stream().mapToLong(hour -> number(hour, "units")).sum())
              .isEqualTo(placedDuringTheRebuild);
          assertThat(sales.stream().mapToLong(hour -> number(hour, "cancelledOrders")).sum())
              .isZero();
          http.get()
              .uri("/api/customers/{id}/orders?size=1", "c-live-" + run)
              .exchange()
              .expectHeader()
              .valueEquals("X-Total-Count", Integer.toString(placedDuringTheRebuild));
        });
    assertThat(mongo.getCollectionNames())
        .doesNotContain(
            ProjectionName.collection("order_views", orderGeneration),
            ProjectionName.collection("sales", orderGeneration),
            ProjectionName.collection("stock_views", stockGeneration))
        .contains(ProjectionName.collection("order_views", orderGeneration + 1));
    http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectBody(String.class)
        .value(body ->
            assertThat(body)
                .containsPattern(
                    "projection_rebuild_progress\\{[^}]*projection=\"order\"[^}]*\\} 1\\.0")
                .containsPattern(
                    "projection_rebuilds_total\\{[^}]*outcome=\"switched\"[^}]*projection=\"order\"[^}]*\\} [1-9]")
                .containsPattern(
                    "projection_events_skipped_total\\{[^}]*intake=\"rebuild\"[^}]*\\} ")
                .contains("projection_lag_seconds_count{", "projection_records_behind{"));
  }

  @Test
  void after_a_crash_mid_rebuild_the_old_generation_answers_and_the_rebuild_starts_again()
      throws Exception {
    var sku = projectedSku("SKU-CRASH-", 7);
    var live = generations.live(ProjectionName.STOCK);
    var halfBuilt = live + 1;
    // What a process that died while rebuilding leaves: a claim nobody renews any more, and a
    // generation with some of the views in it.
    claim(ProjectionName.STOCK, halfBuilt, "crashed-host/1", Instant.now().minusSeconds(60));
    mongo
        .getCollection(ProjectionName.collection("stock_views", halfBuilt))
        .insertOne(
            new Document("_id", "GHOST")
                .append("onHand", 1)
                .append("reserved", 0)
                .append("available", 1)
                .append("version", 1L)
                .append("updatedAt", new Date()));

    assertThat(projection("stock"))
        .containsEntry("status", "LIVE")
        .containsEntry("generation", live)
        .containsEntry("progress", 1.0);
    assertThat(stockSkus()).contains(sku).doesNotContain("GHOST");

    startRebuild("stock");

    await("the rebuild started again and switched")
        .atMost(REBUILT)
        .until(() -> {
          var stock = projection("stock");
          return "LIVE".equals(stock.get("status")) && (int) stock.get("generation") > halfBuilt;
        });
    assertThat(stockSkus()).contains(sku).doesNotContain("GHOST");
    assertThat(mongo.getCollectionNames())
        .doesNotContain(ProjectionName.collection("stock_views", halfBuilt));
  }

  @Test
  void a_rebuild_that_meets_a_database_outage_starts_again_and_switches() throws Exception {
    var run = UUID.randomUUID().toString().substring(0, 8);
    var skus = new ArrayList<String>();
    for (int i = 0; i < 10; i++) {
      var sku = "SKU-OUTAGE-" + run + "-" + i;
      skus.add(sku);
      publish(new StockLevelChanged(sku, 1, T0, 10 + i, 0, 10 + i));
    }
    await("the stock projected").atMost(PROJECTED).until(() -> stockSkus().containsAll(skus));
    var before = stock();
    var live = generations.live(ProjectionName.STOCK);
    var restarts = meters.counter("projection.rebuild.restarts", "projection", "stock");
    var failed = meters.counter("projection.rebuilds", "projection", "stock", "outcome", "failed");
    var restartsBefore = restarts.count();
    var failedBefore = failed.count();

    // Every database operation slowed, so that the outage below meets the rebuild mid-way.
    fault("db-latency", "{\"enabled\":true,\"delayMs\":300}");
    try {
      startRebuild("stock");
      fault("db-outage", "{\"enabled\":true}");
      await("the rebuild met the outage and will start again")
          .atMost(Duration.ofMinutes(1))
          .until(() -> restarts.count() > restartsBefore);
    } finally {
      noFault("db-outage");
      noFault("db-latency");
    }

    await("the rebuild started again and switched")
        .atMost(REBUILT)
        .until(() -> {
          var stock = projection("stock");
          return "LIVE".equals(stock.get("status")) && (int) stock.get("generation") == live + 1;
        });
    assertThat(failed.count()).as("rebuilds of stock that failed").isEqualTo(failedBefore);
    Predicate<Map<String, Object>> sameSkus = view -> skus.contains(view.get("sku"));
    assertThat(stock().stream().filter(sameSkus).toList())
        .isEqualTo(before.stream().filter(sameSkus).toList());
  }

  @Test
  void a_rebuild_stopped_right_after_its_switch_counts_as_switched_and_its_generation_stays_live()
      throws Exception {
    var sku = projectedSku("SKU-STOPPED-", 5);
    var live = generations.live(ProjectionName.STOCK);
    var switched =
        meters.counter("projection.rebuilds", "projection", "stock", "outcome", "switched");
    var failed = meters.counter("projection.rebuilds", "projection", "stock", "outcome", "failed");
    var switchedBefore = switched.count();
    var failedBefore = failed.count();

    // Every database operation slowed, so that the rebuild's wait after the switch (for every
    // instance to take the new generation) is still going on when the service stops.
    fault("db-latency", "{\"enabled\":true,\"delayMs\":300}");
    try {
      startRebuild("stock");
      await("the switch")
          .atMost(REBUILT)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> generations.live(ProjectionName.STOCK) == live + 1);
      rebuilds.stop();
    } finally {
      rebuilds.start();
      noFault("db-latency");
    }

    assertThat(failed.count()).as("rebuilds of stock that failed").isEqualTo(failedBefore);
    assertThat(switched.count())
        .as("rebuilds of stock that switched")
        .isEqualTo(switchedBefore + 1);
    assertThat(projection("stock"))
        .containsEntry("status", "LIVE")
        .containsEntry("generation", live + 1);
    assertThat(stockSkus()).contains(sku);
  }

  @Test
  void a_rebuild_whose_replay_fails_to_close_after_its_switch_is_not_started_again()
      throws Exception {
    var sku = projectedSku("SKU-CLOSED-", 6);
    await("no rebuild of stock under way")
        .atMost(REBUILT)
        .until(() -> "LIVE".equals(projection("stock").get("status")));
    var live = generations.live(ProjectionName.STOCK);
    // Every replay's consumer times out as it closes, which is after the switch: a failure of the
    // kind a rebuild starts again for (Kafka away), had it come before the switch. Started as
    // another instance of the service would start it, with its own metrics, and this one's parts
    // but those replays.
    var replays = spy(this.replays);
    doAnswer(
            open -> {
              var replay = spy((Replay) open.callRealMethod());
              doAnswer(
                      close -> {
                        close.callRealMethod();
                        throw new TimeoutException("Timed out closing the replay's consumer");
                      })
                  .when(replay)
                  .close();
              return replay;
            })
        .when(replays)
        .open(anyString(), anyList());
    var theirs = new SimpleMeterRegistry();
    var elsewhere =
        new Rebuilds(
            generations,
            readSides,
            replays,
            offsets,
            new RebuildMetrics(theirs),
            clock,
            "elsewhere");

    elsewhere.start(ProjectionName.STOCK);

    var ended = theirs.get("projection.rebuilds").tag("projection", "stock").counters();
    await("the rebuild ended")
        .atMost(REBUILT)
        .until(() -> ended.stream().mapToDouble(Counter::count).sum() > 0);
    assertThat(
            theirs
                .get("projection.rebuilds")
                .tag("outcome", "switched")
                .tag("projection", "stock")
                .counter()
                .count())
        .as("ended switched")
        .isEqualTo(1);
    assertThat(
            theirs.get("projection.rebuild.restarts").tag("projection", "stock").counter().count())
        .as("started again")
        .isZero();
    assertThat(projection("stock"))
        .containsEntry("status", "LIVE")
        .containsEntry("generation", live + 1);
    assertThat(readSides.generationsPresent(ProjectionName.STOCK)).contains(live + 1);
    assertThat(stockSkus()).contains(sku);
  }

  @Test
  void a_live_generation_written_in_an_older_shape_is_rebuilt_when_the_service_starts()
      throws Exception {
    var run = UUID.randomUUID().toString().substring(0, 8);
    var customer = "c-shape-" + run;
    var orderId = "o-shape-" + run;
    publish(journey(orderId, customer, "SKU-SHAPE-" + run, T0, false));
    awaitOrderView(orderId, "the journey of " + orderId, view -> timeline(view).size() >= 4);
    // The customer's history hears of the order once its view is stored (written behind).
    await("what the views hold stored").atMost(PROJECTED).until(live::allFlushed);
    var live = generations.live(ProjectionName.ORDER);
    // What an older build left: its control document (no shape: shape 1), an hour of the
    // customer's orders in one document, and the hours' index collection.
    var control = generations.control().find(ProjectionName.ORDER).orElseThrow();
    var older = new ControlDocument(ProjectionName.ORDER, live, null, control.revision(), 1);
    assertThat(generations.control().replace(control, older)).isTrue();
    mongo
        .getCollection(ProjectionName.collection("customer_orders", live))
        .insertOne(
            new Document("_id", customer + "/2026-02-01T08")
                .append("customerId", customer)
                .append("hour", new Date())
                .append("orders", List.of(new Document("orderId", orderId))));
    mongo.getCollection(ProjectionName.collection("customers", live)).insertOne(new Document());
    mongo
        .getCollection(ProjectionName.collection("saga_statistics", live))
        .insertOne(new Document());

    assertThat(customerHistory(customer))
        .extracting(order -> order.get("orderId"))
        .containsExactly(orderId);

    rebuilds.tidyUp();

    await("rebuilt in this build's shape")
        .atMost(REBUILT)
        .until(() -> {
          var order = projection("order");
          return "LIVE".equals(order.get("status")) && (int) order.get("generation") > live;
        });
    assertThat(generations.control().find(ProjectionName.ORDER).orElseThrow().outdated()).isFalse();
    assertThat(customerHistory(customer))
        .extracting(order -> order.get("orderId"))
        .containsExactly(orderId);
    // Dropped once every instance took the new generation, a moment after the switch.
    await("the old generation dropped")
        .atMost(PROJECTED)
        .untilAsserted(() ->
            assertThat(mongo.getCollectionNames())
                .doesNotContain(
                    ProjectionName.collection("customers", live),
                    ProjectionName.collection("saga_statistics", live),
                    ProjectionName.collection("customer_orders", live)));
  }

  @Test
  void a_rebuild_asked_for_while_one_runs_is_refused_with_409() {
    var live = generations.live(ProjectionName.STOCK);
    claim(ProjectionName.STOCK, live + 1, "another-host/1", Instant.now());
    try {
      assertThat(projection("stock")).containsEntry("status", "REBUILDING");

      admin()
          .post()
          .uri("/api/admin/projections/stock/rebuild")
          .exchange()
          .expectStatus()
          .isEqualTo(409)
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.type")
          .isEqualTo("urn:orderflow:problem:rebuild-in-progress");
    } finally {
      var control = generations.control().find(ProjectionName.STOCK).orElseThrow();
      generations.control().replace(control, control.withBuilding(null));
    }
  }

  @Test
  void an_unknown_projection_is_404_problem() {
    admin()
        .post()
        .uri("/api/admin/projections/nope/rebuild")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:unknown-projection");
  }

  @Test
  void the_admin_api_refuses_requests_without_the_admins_credentials() {
    http.get().uri("/api/admin/projections").exchange().expectStatus().isUnauthorized();
    http.post()
        .uri("/api/admin/projections/order/rebuild")
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.post()
        .uri("/api/admin/projections/order/rebuild")
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, "wrong"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    admin()
        .get()
        .uri("/api/admin/projections")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[*].name")
        .isEqualTo(List.of("order", "stock"));
  }

  // ---------------------------------------------------------------------------------------------

  /** Orders placed and confirmed one after another until told to stop, each awaited in Kafka. */
  class LiveTraffic implements Runnable {

    final String run;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger sent = new AtomicInteger();
    final List<String> orderIds = new CopyOnWriteArrayList<>();

    LiveTraffic(String run) {
      this.run = run;
    }

    @Override
    public void run() {
      var sku = "SKU-LIVE-" + run;
      while (!stop.get()) {
        var orderId = "o-live-" + run + "-" + sent.get();
        var at = Instant.now();
        var line = new OrderLine(sku, 1, new BigDecimal("3.00"));
        try {
          publish(
              new OrderPlaced(orderId, 1, at, "c-live-" + run, List.of(line), line.lineTotal()),
              new OrderConfirmed(orderId, 2, at.plusMillis(250)));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        orderIds.add(orderId);
        sent.incrementAndGet();
      }
    }
  }

  private static DomainEvent[] journey(
      String orderId, String customer, String sku, Instant at, boolean cancelled) {
    var line = new OrderLine(sku, 1, new BigDecimal("4.50"));
    var events = new ArrayList<DomainEvent>();
    events.add(new OrderPlaced(orderId, 1, at, customer, List.of(line), line.lineTotal()));
    events.add(new StockReserved(orderId, at.plusMillis(100), List.of(new StockLine(sku, 1))));
    events.add(new OrderConfirmed(orderId, 2, at.plusMillis(200)));
    events.add(
        new NotificationSent(
            orderId, NotificationKind.ORDER_CONFIRMED, at.plusSeconds(1), customer + "@x"));
    if (cancelled) {
      events.add(
          new OrderCancelled(
              orderId, 3, at.plusSeconds(3700), CancellationReason.CUSTOMER_REQUEST));
    }
    // A relay duplicate: the same event, published again.
    events.add(events.get(2));
    return events.toArray(DomainEvent[]::new);
  }

  /** Everything the read side shows about the test's orders, customer and sku. */
  private Map<String, Object> snapshot(List<String> orderIds, String customer, String sku) {
    var snapshot = new HashMap<String, Object>();
    for (var orderId : orderIds) {
      snapshot.put("order " + orderId, orderViewIfAny(orderId));
    }
    snapshot.put(
        "customer",
        http.get()
            .uri("/api/customers/{id}/orders?size=100", customer)
            .exchange()
            .expectBody(JSON_LIST)
            .returnResult()
            .getResponseBody());
    snapshot.put(
        "sales",
        http.get()
            .uri(
                "/api/sales?sku={sku}&from={from}&to={to}",
                sku,
                T0.toString(),
                T0.plus(Duration.ofDays(1)).toString())
            .exchange()
            .expectBody(JSON_LIST)
            .returnResult()
            .getResponseBody());
    snapshot.put("stock", stock().stream().filter(s -> sku.equals(s.get("sku"))).toList());
    return snapshot;
  }

  private List<Map<String, Object>> liveSales(String sku) {
    return http.get()
        .uri("/api/sales?sku={sku}", sku)
        .exchange()
        .expectBody(JSON_LIST)
        .returnResult()
        .getResponseBody();
  }

  private List<Map<String, Object>> stock() {
    return http.get()
        .uri("/api/stock")
        .exchange()
        .expectBody(JSON_LIST)
        .returnResult()
        .getResponseBody();
  }

  private List<Object> stockSkus() {
    return stock().stream().map(s -> s.get("sku")).toList();
  }

  private List<Map<String, Object>> projections() {
    return admin()
        .get()
        .uri("/api/admin/projections")
        .exchange()
        .expectBody(JSON_LIST)
        .returnResult()
        .getResponseBody();
  }

  private List<Map<String, Object>> customerHistory(String customer) {
    var body =
        http.get()
            .uri("/api/customers/{id}/orders?size=100", customer)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(JSON_LIST)
            .returnResult()
            .getResponseBody();
    return body == null ? List.of() : body;
  }

  /** A fresh sku with {@code units} in stock, published and projected. */
  private String projectedSku(String prefix, int units) throws Exception {
    var sku = prefix + UUID.randomUUID();
    publish(new StockLevelChanged(sku, 1, T0, units, 0, units));
    await("the stock projected").atMost(PROJECTED).until(() -> stockSkus().contains(sku));
    return sku;
  }

  private Map<String, Object> projection(String name) {
    return projections().stream().filter(p -> name.equals(p.get("name"))).findFirst().orElseThrow();
  }

  private void claim(ProjectionName name, int generation, String owner, Instant heartbeat) {
    var control = generations.control().find(name).orElseThrow();
    var building = new Building(generation, owner, heartbeat.minusSeconds(30), heartbeat, 0.4);
    assertThat(generations.control().replace(control, control.withBuilding(building))).isTrue();
  }

  private void fault(String name, String body) {
    admin()
        .put()
        .uri("/api/admin/faults/{name}", name)
        .contentType(MediaType.APPLICATION_JSON)
        .body(body)
        .exchange()
        .expectStatus()
        .isOk();
  }

  private void noFault(String name) {
    admin().delete().uri("/api/admin/faults/{name}", name).exchange().expectStatus().isOk();
  }

  /** Asks for a rebuild of the projection and expects it accepted: {@code 202}. */
  private RestTestClient.ResponseSpec startRebuild(String name) {
    var response = admin().post().uri("/api/admin/projections/{name}/rebuild", name).exchange();
    response.expectStatus().isAccepted();
    return response;
  }

  private RestTestClient admin() {
    return http.mutate()
        .defaultHeaders(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .build();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> timeline(Map<String, Object> view) {
    return (List<Map<String, Object>>) view.get("timeline");
  }

  private static long number(Map<String, Object> json, String field) {
    return ((Number) json.get(field)).longValue();
  }
}
