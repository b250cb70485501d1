package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

class NotificationApiIT extends NotificationServiceIntegrationTest {

  @Test
  void each_notification_shows_exactly_order_kind_status_and_sent_at() throws Exception {
    var orderId = placeOrder(newCustomer());
    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));
    awaitAnnouncements(orderId, 1);

    var notifications =
        http.get()
            .uri("/api/notifications?orderId={id}", orderId)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
            .returnResult()
            .getResponseBody();

    assertThat(notifications)
        .singleElement()
        .satisfies(notification -> {
          assertThat(notification).containsOnlyKeys("orderId", "kind", "status", "sentAt");
          assertThat(notification)
              .containsEntry("orderId", orderId)
              .containsEntry("kind", NotificationKind.ORDER_CONFIRMED.name())
              .containsEntry("status", "SENT");
          assertThat(Instant.parse((String) notification.get("sentAt")))
              .isBeforeOrEqualTo(Instant.now());
        });
  }

  @Test
  void an_order_never_seen_has_no_notifications() {
    http.get()
        .uri("/api/notifications?orderId={id}", UUID.randomUUID())
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("[]");
  }

  @Test
  void sent_emails_are_counted_by_kind_for_prometheus() throws Exception {
    var orderId = placeOrder(newCustomer());
    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));
    awaitAnnouncements(orderId, 1);

    http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(metrics ->
            assertThat(metrics)
                .containsPattern(
                    // Registered at 0 from the start: counted once the email went.
                    "notifications_emails_total\\{[^}]*kind=\"ORDER_CONFIRMED\"[^}]*result=\"sent\""
                        + "[^}]*} [1-9]"));
  }

  @Test
  void the_resilience_around_smtp_shows_on_prometheus() throws Exception {
    var orderId = placeOrder(newCustomer());
    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));
    awaitAnnouncements(orderId, 1);

    assertThat(prometheus())
        .containsPattern(
            "resilience4j_circuitbreaker_state\\{[^}]*name=\"smtp\"[^}]*state=\"closed\"[^}]*} 1\\.0")
        .containsPattern(
            "resilience4j_circuitbreaker_calls_seconds_count\\{[^}]*kind=\"successful\"[^}]*name=\"smtp\"")
        .containsPattern("resilience4j_retry_calls_total\\{[^}]*name=\"smtp\"")
        .containsPattern("resilience4j_timelimiter_calls_total\\{[^}]*name=\"smtp\"")
        .containsPattern("resilience4j_bulkhead_available_concurrent_calls\\{[^}]*name=\"smtp\"")
        .containsPattern("faults_active\\{[^}]*name=\"smtp-latency\"[^}]*} 0\\.0");
  }

  @Test
  void overdue_deferred_emails_show_on_prometheus_as_none_counted_moments_ago() throws Exception {
    // The gauge alert DeferredEmailsOverdue watches, counted in MongoDB every 10 s from the start.
    await("the first count")
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() ->
            assertThat(prometheus())
                .containsPattern("(?m)^notifications_deferred_overdue(\\{[^}]*})? 0\\.0$"));
    assertThat(prometheus())
        .containsPattern(
            "(?m)^notifications_deferred_overdue_read_age_seconds(\\{[^}]*})? (\\d|1\\d)\\.");
  }
}
