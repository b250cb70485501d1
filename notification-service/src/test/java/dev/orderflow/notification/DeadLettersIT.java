package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.notification.domain.NotificationStatus;
import dev.orderflow.notification.domain.OrderDetails;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A record no retry fixes goes to {@code orders.events.DLT}, where the platform's admin API lists
 * it and, once the cause is fixed, sends it back: here an outcome written before terminal events
 * carried the order's placement, whose kept copy was lost.
 */
class DeadLettersIT extends NotificationServiceIntegrationTest {

  @Autowired MongoTemplate mongo;

  @Test
  void a_poison_record_is_dead_lettered_and_after_the_fix_redriven_into_exactly_one_email()
      throws Exception {
    var customerId = newCustomer();
    var orderId = UUID.randomUUID().toString();
    var messageId = messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED);

    publish(new OrderConfirmed(orderId, 2, Instant.now()));

    var deadLetter = awaitRecords(Topics.ORDER_EVENTS.deadLetter(), orderId, 1).getFirst();
    assertThat(deadLetters())
        .filteredOn(letter -> orderId.equals(letter.get("key")))
        .singleElement()
        .satisfies(letter -> {
          assertThat(letter).containsEntry("status", "DEAD");
          assertThat(letter).containsEntry("topic", Topics.ORDER_EVENTS.name());
          assertThat(letter.get("exception").toString()).endsWith("OrderDetailsMissingException");
        });
    assertThat(emails(messageId)).isEmpty();

    // The fix: the copy of the order's placement an earlier version kept, lost, is restored.
    restoreKeptCopy(orderId, customerId);
    redrive(deadLetter.partition(), deadLetter.offset())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("REDRIVEN");

    awaitEmails(messageId, 1);
    var sent =
        awaitNotification(
            orderId, NotificationKind.ORDER_CONFIRMED, n -> n.status() == NotificationStatus.SENT);
    assertThat(sent.attempts()).isEqualTo(1);
    redrive(deadLetter.partition(), deadLetter.offset())
        .expectStatus()
        .isEqualTo(HttpStatus.CONFLICT)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:orderflow:problem:already-redriven");
    assertThat(emails(messageId)).hasSize(1);
  }

  @Test
  void a_record_that_is_not_an_event_is_dead_lettered_at_once_as_it_was_read() throws Exception {
    var key = "not-an-event-" + UUID.randomUUID();

    kafka.send(Topics.ORDER_EVENTS.name(), key, "this is not an event").get();

    var deadLetter = awaitRecords(Topics.ORDER_EVENTS.deadLetter(), key, 1).getFirst();
    assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8))
        .isEqualTo("this is not an event");
    assertThat(header(deadLetter, "kafka_dlt-original-consumer-group"))
        .isEqualTo("notification-service");
    assertThat(deadLetters())
        .filteredOn(letter -> key.equals(letter.get("key")))
        .singleElement()
        .satisfies(letter -> assertThat(letter).containsEntry("status", "DEAD"));
  }

  private List<Map<String, Object>> deadLetters() {
    return http.get()
        .uri("/api/admin/dead-letters")
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult()
        .getResponseBody();
  }

  private RestTestClient.ResponseSpec redrive(int partition, long offset) {
    return http.post()
        .uri(
            "/api/admin/dead-letters/{topic}/{partition}/{offset}/redrive",
            Topics.ORDER_EVENTS.deadLetter(),
            partition,
            offset)
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .exchange();
  }

  /** The copy of order {@code orderId}'s placement, as an earlier version kept it. */
  private void restoreKeptCopy(String orderId, String customerId) {
    var details =
        new OrderDetails(
            orderId,
            customerId,
            List.of(new OrderLine("SKU-1", 1, new BigDecimal("9.99"))),
            new BigDecimal("9.99"));
    KeptCopies.keep(mongo, details, Instant.now());
  }
}
