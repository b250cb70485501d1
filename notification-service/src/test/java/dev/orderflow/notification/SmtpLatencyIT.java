package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.notification.domain.NotificationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code smtp-latency} fault, switched through the admin API: each send is held up before it
 * reaches the server. The smtp time limit is 2 s in these tests (5 s in production).
 */
class SmtpLatencyIT extends NotificationServiceIntegrationTest {

  private static final Pattern SLOWEST_SUCCESSFUL_SEND =
      Pattern.compile(
          "resilience4j_circuitbreaker_calls_seconds_max\\{[^}]*kind=\"successful\"[^}]*"
              + "name=\"smtp\"[^}]*} ([0-9.Ee-]+)");

  @Test
  void a_send_slower_than_the_time_limit_is_cut_off_and_its_email_sent_once_by_the_sweep()
      throws Exception {
    switchOn(SmtpFaults.LATENCY, Map.of(SmtpFaults.LATENCY_MS, 4000));
    var orderId = placeOrder(newCustomer());
    var messageId = messageIdOf(orderId, NotificationKind.ORDER_CONFIRMED);

    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));
    var timedOut =
        awaitNotification(orderId, NotificationKind.ORDER_CONFIRMED, n -> n.attempts() >= 1);
    switchOff(SmtpFaults.LATENCY);

    assertThat(timedOut.lastError()).isEqualTo("no answer from SMTP within PT2S");
    assertThat(smtpCircuitBreaker().getMetrics().getNumberOfFailedCalls())
        .as("a server that does not answer in time counts against it")
        .isPositive();
    var sent =
        awaitNotification(
            orderId, NotificationKind.ORDER_CONFIRMED, n -> n.status() == NotificationStatus.SENT);
    assertThat(sent.attempts()).isEqualTo(2);
    // The send that was cut off never reaches the server, not even after its latency is over.
    await("no second copy of " + messageId)
        .during(Duration.ofSeconds(3))
        .atMost(PATIENCE)
        .until(() -> emails(messageId).size() == 1);
  }

  @Test
  void a_send_slower_than_usual_but_within_the_time_limit_is_only_slow() throws Exception {
    switchOn(SmtpFaults.LATENCY, Map.of(SmtpFaults.LATENCY_MS, 700));
    var orderId = placeOrder(newCustomer());

    publish(new OrderConfirmed(orderId, 2, Instant.now(), placementOf(orderId)));

    var sent =
        awaitNotification(
            orderId, NotificationKind.ORDER_CONFIRMED, n -> n.status() == NotificationStatus.SENT);
    assertThat(sent.attempts()).isEqualTo(1);
    assertThat(sent.nextAttemptAt()).as("never deferred").isNull();
    var slowest = SLOWEST_SUCCESSFUL_SEND.matcher(prometheus());
    assertThat(slowest.find()).as("the smtp calls timer on /actuator/prometheus").isTrue();
    assertThat(Double.parseDouble(slowest.group(1))).isGreaterThanOrEqualTo(0.7);
  }
}
