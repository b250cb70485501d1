package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.NotificationEvent.NotificationFailed;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.Topics;
import dev.orderflow.notification.domain.NotificationStatus;
import dev.orderflow.notification.domain.OrderOutcome;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;

/**
 * The {@code smtp-outage} fault, switched through the admin API: SMTP refuses every connection, as
 * when the mail server is down.
 */
class SmtpOutageIT extends NotificationServiceIntegrationTest {

  @Autowired RetryRegistry retries;

  @Test
  void an_outage_opens_the_breaker_and_pauses_the_consumers_and_after_it_every_email_is_sent_once()
      throws Exception {
    switchOn(SmtpFaults.OUTAGE, Map.of());
    var orderIds = new ArrayList<String>();
    for (int i = 0; i < 3; i++) {
      var orderId = placeOrder(newCustomer());
      publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));
      orderIds.add(orderId);
    }

    await("the smtp circuit breaker open and the email consumers paused")
        .atMost(PATIENCE)
        .until(() ->
            smtpCircuitBreaker().getState() == CircuitBreaker.State.OPEN && emailConsumersPaused());
    assertThat(
            retries
                .retry(ResilientEmailSender.SMTP)
                .getMetrics()
                .getNumberOfFailedCallsWithRetryAttempt())
        .as("each refused connection was tried a second time before it counted")
        .isPositive();
    for (var orderId : orderIds) {
      assertThat(emails(messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED))).isEmpty();
      // Tried and found SMTP away, or not read yet: either way nothing is stored, no attempt is
      // charged (an outage is not the email's fault) and nothing is deferred.
      assertThat(
              notifications.find(
                  OrderOutcome.notificationId(orderId, NotificationKind.ORDER_CONFIRMED)))
          .isEmpty();
      assertThat(records(Topics.NOTIFICATION_EVENTS.name(), orderId)).isEmpty();
      assertThat(records(Topics.ORDER_EVENTS.deadLetter(), orderId)).isEmpty();
    }

    switchOff(SmtpFaults.OUTAGE);

    for (var orderId : orderIds) {
      var sent =
          awaitNotification(
              orderId,
              NotificationKind.ORDER_CONFIRMED,
              n -> n.status() == NotificationStatus.SENT);
      assertThat(sent.attempts()).isEqualTo(1);
    }
    await("the smtp circuit breaker closed")
        .atMost(PATIENCE)
        .until(() -> smtpCircuitBreaker().getState() == CircuitBreaker.State.CLOSED);
    assertThat(emailConsumersPaused()).isFalse();
    for (var orderId : orderIds) {
      assertThat(emails(messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED))).hasSize(1);
      assertThat(awaitAnnouncements(orderId, 1))
          .singleElement()
          .isNotInstanceOf(NotificationFailed.class)
          .extracting(NotificationEvent::kind)
          .isEqualTo(NotificationKind.ORDER_CONFIRMED);
    }
  }

  @Test
  void during_an_outage_the_service_stays_up_and_shows_the_open_breaker_and_the_fault()
      throws Exception {
    switchOn(SmtpFaults.OUTAGE, Map.of());
    var orderId = placeOrder(newCustomer());
    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));

    await("the open breaker in /actuator/health, the service still UP")
        .atMost(PATIENCE)
        .untilAsserted(() ->
            http.get()
                .uri("/actuator/health")
                .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.circuitBreakers.details.smtp.status")
                .isEqualTo("CIRCUIT_OPEN")
                .jsonPath("$.components.mail")
                .doesNotExist());
    await("the open breaker and the fault on /actuator/prometheus")
        .atMost(PATIENCE)
        .untilAsserted(() ->
            assertThat(prometheus())
                .containsPattern("faults_active\\{[^}]*name=\"smtp-outage\"[^}]*} 1\\.0")
                .containsPattern(
                    "resilience4j_circuitbreaker_state\\{[^}]*name=\"smtp\"[^}]*state=\"open\"[^}]*} 1\\.0"));

    switchOff(SmtpFaults.OUTAGE);

    awaitEmails(messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED), 1);
    assertThat(prometheus())
        .containsPattern("faults_active\\{[^}]*name=\"smtp-outage\"[^}]*} 0\\.0");
  }

  @Test
  void the_faults_are_listed_with_what_they_do_and_their_parameters() {
    var faults =
        http.get()
            .uri("/api/admin/faults")
            .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
            .returnResult()
            .getResponseBody();

    assertThat(faults)
        .filteredOn(fault -> fault.get("name").toString().startsWith("smtp-"))
        .extracting(
            fault -> fault.get("name"),
            fault -> fault.get("enabled"),
            fault -> fault.get("parameters"))
        .containsExactlyInAnyOrder(
            tuple("smtp-latency", false, Map.of("latencyMs", 2000)),
            tuple("smtp-outage", false, Map.of()));
  }
}
