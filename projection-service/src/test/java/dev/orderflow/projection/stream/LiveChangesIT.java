package dev.orderflow.projection.stream;

import static dev.orderflow.projection.order.domain.OrderHistories.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import dev.orderflow.projection.order.domain.OrderHistories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

class LiveChangesIT extends ProjectionServiceIntegrationTest {

  final JsonMapper mapper = JsonMapper.builder().build();
  final List<String> lines = new CopyOnWriteArrayList<>();
  HttpClient client;
  Stream<String> stream;

  @Autowired LiveChanges changes;

  @BeforeEach
  void subscribe() throws Exception {
    client = HttpClient.newHttpClient();
    var response =
        client.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/stream"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    stream = response.body();
    Thread.ofVirtual().name("sse-test-reader").start(() -> stream.forEach(lines::add));
    await("the subscription confirmed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> lines.contains(":subscribed"));
  }

  @AfterEach
  void unsubscribe() {
    stream.close();
    client.close();
  }

  @Test
  void a_subscriber_receives_each_applied_order_change() throws Exception {
    var orderId = UUID.randomUUID().toString();

    publish(placed(orderId));

    var change = awaitEvent(LiveChanges.ORDER, data -> orderId.equals(data.get("orderId")));
    var expected = new HashMap<String, Object>();
    expected.put("orderId", orderId);
    expected.put("customerId", "c-1");
    expected.put("status", "PENDING");
    expected.put("version", 1);
    expected.put("reason", null);
    expected.put("traceId", null);
    expected.put("cause", "OrderPlaced");
    assertThat(change).isEqualTo(expected);
  }

  @Test
  void an_order_change_carries_the_rejection_reason_and_the_trace_id_of_its_placing()
      throws Exception {
    var orderId = UUID.randomUUID().toString();

    publishTraced("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", placed(orderId));
    publish(
        new OrderRejected(orderId, 2, OrderHistories.T0.plusSeconds(30), RejectionReason.TIMEOUT));

    var placing =
        awaitEvent(
            LiveChanges.ORDER,
            data ->
                orderId.equals(data.get("orderId"))
                    && Integer.valueOf(1).equals(data.get("version")));
    assertThat(placing)
        .containsEntry("status", "PENDING")
        .containsEntry("reason", null)
        .containsEntry("traceId", "0af7651916cd43dd8448eb211c80319c");
    var rejection =
        awaitEvent(
            LiveChanges.ORDER,
            data ->
                orderId.equals(data.get("orderId"))
                    && Integer.valueOf(2).equals(data.get("version")));
    assertThat(rejection)
        .containsEntry("status", "REJECTED")
        .containsEntry("reason", "timeout")
        .containsEntry("traceId", "0af7651916cd43dd8448eb211c80319c")
        .containsEntry("cause", "OrderRejected");
  }

  @Test
  void a_subscriber_receives_the_new_levels_of_a_sku() throws Exception {
    var sku = "SKU-" + UUID.randomUUID();

    publish(new StockLevelChanged(sku, 1, Instant.now(), 10, 4, 6));

    var change = awaitEvent(LiveChanges.STOCK, data -> sku.equals(data.get("sku")));
    assertThat(change)
        .containsEntry("onHand", 10)
        .containsEntry("reserved", 4)
        .containsEntry("available", 6);
  }

  @Test
  void the_subscription_is_registered_while_the_client_listens() {
    assertThat(changes.subscribers()).isPositive();
  }

  /** The data of the first event named {@code name} whose data matches. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> awaitEvent(
      String name, java.util.function.Predicate<Map<String, Object>> matches) {
    return await("a " + name + " event on the stream")
        .atMost(PROJECTED)
        .until(
            () -> {
              // An event is an "event:" line followed by its "data:" line.
              for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).equals("event:" + name) && lines.get(i + 1).startsWith("data:")) {
                  var data =
                      (Map<String, Object>)
                          mapper.readValue(lines.get(i + 1).substring(5), Map.class);
                  if (matches.test(data)) {
                    return data;
                  }
                }
              }
              return null;
            },
            data -> data != null);
  }
}
