package dev.orderflow.projection.saga;

import static dev.orderflow.projection.order.OrderHistories.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.projection.ProjectionServiceIntegrationTest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SagaStatisticsIT extends ProjectionServiceIntegrationTest {

  static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

  @Test
  void placed_orders_are_pending_until_decided_and_the_time_to_decide_is_measured()
      throws Exception {
    var before = statistics();
    var confirmed = UUID.randomUUID().toString();
    var rejected = UUID.randomUUID().toString();
    var pending = UUID.randomUUID().toString();

    publish(
        placed(confirmed, "c-saga", T0),
        placed(rejected, "c-saga", T0),
        placed(pending, "c-saga", T0),
        new OrderConfirmed(confirmed, 2, T0.plusMillis(400)),
        new OrderRejected(rejected, 2, T0.plusMillis(1_600), RejectionReason.INSUFFICIENT_STOCK));

    await("three placed, two decided")
        .atMost(PROJECTED)
        .untilAsserted(() -> {
          var after = statistics();
          assertThat(delta(before, after, "placed")).isEqualTo(3);
          assertThat(delta(before, after, "pending")).isEqualTo(1);
          assertThat(delta(before, after, "confirmed")).isEqualTo(1);
          assertThat(delta(before, after, "rejected")).isEqualTo(1);
          assertThat(delta(durations(before), durations(after), "count")).isEqualTo(2);
        });
    var durations = durations(statistics());
    assertThat(durations).containsKeys("meanMs", "p50Ms", "p90Ms", "p95Ms", "p99Ms", "maxMs");
    assertThat(((Number) durations.get("maxMs")).longValue()).isGreaterThanOrEqualTo(1_600);
  }

  private Map<String, Object> statistics() {
    return http.get()
        .uri("/api/saga/statistics")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(JSON_OBJECT)
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> durations(Map<String, Object> statistics) {
    return (Map<String, Object>) statistics.get("placedToDecided");
  }

  private static long delta(Map<String, Object> before, Map<String, Object> after, String field) {
    return ((Number) after.get(field)).longValue() - ((Number) before.get(field)).longValue();
  }
}
