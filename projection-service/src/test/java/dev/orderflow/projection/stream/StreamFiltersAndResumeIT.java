package dev.orderflow.projection.stream;

import static dev.orderflow.projection.order.domain.OrderHistories.placed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamFiltersAndResumeIT extends ProjectionServiceIntegrationTest {

  static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

  @Test
  void a_stream_filtered_by_customer_shows_only_that_customers_orders() throws Exception {
    var mine = "c-mine-" + UUID.randomUUID();
    var myOrder = UUID.randomUUID().toString();
    var otherOrder = UUID.randomUUID().toString();
    try (var stream = new SseConnection(url("/api/stream?customerId=" + mine), null)) {

      publish(placed(otherOrder, "c-other", T0), placed(myOrder, mine, T0));
      publish(new OrderConfirmed(myOrder, 2, T0.plusSeconds(1)));

      var events = stream.awaitEvents(LiveChanges.ORDER, data -> true, 2);
      assertThat(events)
          .allSatisfy(event -> assertThat(event.data()).containsEntry("customerId", mine));
      assertThat(events)
          .extracting(event -> event.data().get("status"))
          .startsWith("PENDING", "CONFIRMED");
      assertThat(stream.events()).noneMatch(event -> event.name().equals(LiveChanges.STOCK));
    }
  }

  @Test
  void a_client_that_reconnects_with_its_last_event_id_gets_what_it_missed() throws Exception {
    var orderId = UUID.randomUUID().toString();
    String lastSeen;
    try (var stream = new SseConnection(url("/api/stream?orderId=" + orderId), null)) {
      publish(placed(orderId, "c-resume", T0));
      lastSeen = stream.awaitEvents(LiveChanges.ORDER, data -> true, 1).getFirst().id();
    }
    assertThat(lastSeen).isNotBlank();

    // Disconnected while the order was confirmed.
    publish(new OrderConfirmed(orderId, 2, T0.plusSeconds(1)));
    awaitOrderView(
        orderId, "the confirmation applied", view -> "CONFIRMED".equals(view.get("status")));

    try (var stream = new SseConnection(url("/api/stream?orderId=" + orderId), lastSeen)) {
      var missed = stream.awaitEvents(LiveChanges.ORDER, data -> true, 1);
      assertThat(missed.getFirst().data())
          .containsEntry("status", "CONFIRMED")
          .containsEntry("version", 2);
      assertThat(Long.parseLong(missed.getFirst().id())).isGreaterThan(Long.parseLong(lastSeen));
      assertThat(stream.events()).noneMatch(event -> event.name().equals(LiveChanges.RESET));
    }
  }

  @Test
  void a_last_event_id_the_service_cannot_know_gets_a_reset() throws Exception {
    // Ids are offsets of the changes topic, so a small number may well be a real one.
    try (var stream = new SseConnection(url("/api/stream"), "not-an-offset")) {
      stream.awaitEvents(LiveChanges.RESET, data -> data.containsKey("reason"), 1);
    }
  }

  @Test
  void an_invalid_filter_is_a_400_problem() {
    http.get().uri("/api/stream?customerId=not an id").exchange().expectStatus().isBadRequest();
  }

  private String url(String path) {
    return "http://localhost:" + port + path;
  }
}
