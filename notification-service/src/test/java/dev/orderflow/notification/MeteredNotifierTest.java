package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.NotificationKind;
import dev.orderflow.notification.domain.Delivery;
import dev.orderflow.notification.domain.Notification;
import dev.orderflow.notification.domain.NotificationStatus;
import dev.orderflow.notification.domain.OrderOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code notifications_emails_total} counts of each delivery, around the notifier. */
class MeteredNotifierTest {

  static final OrderOutcome CONFIRMED =
      new OrderOutcome("o-1", NotificationKind.ORDER_CONFIRMED, null, Instant.EPOCH);
  static final String ID = "o-1:ORDER_CONFIRMED";

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void each_finished_email_is_counted_by_kind_and_result() {
    deliver(new Delivery.Sent(ID));
    deliver(new Delivery.Deferred(ID, 1, 4, "450 mailbox full"));
    deliver(new Delivery.Deferred(ID, 2, 4, "450 mailbox full"));
    deliver(new Delivery.GivenUp(ID, 4, "450 mailbox full"));
    deliver(new Delivery.Duplicate(ID, NotificationStatus.SENT));

    assertThat(count("sent")).isEqualTo(1);
    assertThat(count("deferred")).isEqualTo(2);
    assertThat(count("failed")).isEqualTo(1);
    assertThat(count("duplicate")).isEqualTo(1);
  }

  @Test
  void every_kind_and_result_is_there_at_0_before_the_first_email() {
    new MeteredNotifier(answering(new Delivery.Sent(ID)), meters);

    assertThat(meters.find("notifications.emails").counters())
        .hasSize(NotificationKind.values().length * MeteredNotifier.RESULTS.size())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
    assertThat(
            meters
                .get("notifications.emails")
                .tag("kind", "ORDER_CANCELLED")
                .tag("result", "duplicate")
                .counter()
                .count())
        .isZero();
  }

  @Test
  void an_email_waiting_for_smtp_or_completed_elsewhere_is_not_counted() {
    deliver(new Delivery.WaitingForSmtp(ID, "connection refused"));
    deliver(new Delivery.CompletedElsewhere(ID));

    assertThat(meters.find("notifications.emails").counters())
        .allSatisfy(counter -> assertThat(counter.count()).isZero());
  }

  @Test
  void the_delivery_is_passed_on_unchanged() {
    var deferred = new Delivery.Deferred(ID, 1, 4, "450 mailbox full");

    assertThat(deliver(deferred)).isSameAs(deferred);
  }

  @Test
  void an_email_sent_again_by_the_sweep_is_counted_like_one_sent_from_its_record() {
    var email =
        new DeferredEmail(
            new Notification(
                ID,
                "o-1",
                NotificationKind.ORDER_CONFIRMED,
                "c-1@customers.orderflow.dev",
                NotificationStatus.PENDING,
                1,
                null,
                "450 mailbox full",
                Instant.EPOCH),
            CONFIRMED,
            null);

    new MeteredNotifier(answering(new Delivery.Sent(ID)), meters).retry(email);
    new MeteredNotifier(answering(new Delivery.LeftToSweep(ID)), meters).deliver(CONFIRMED);

    assertThat(count("sent")).isEqualTo(1);
    assertThat(meters.find("notifications.emails").counters())
        .filteredOn(counter -> counter.count() > 0)
        .hasSize(1);
  }

  @Test
  void each_email_of_a_batch_is_counted_as_if_delivered_alone() {
    var cancelled =
        new OrderOutcome(
            "o-1", NotificationKind.ORDER_CANCELLED, "customer-request", Instant.EPOCH);

    new MeteredNotifier(answering(new Delivery.Sent(ID)), meters)
        .deliverAll(List.of(CONFIRMED, cancelled, CONFIRMED), Notifier.Scope.NONE);

    assertThat(count("sent")).isEqualTo(2);
    assertThat(
            meters
                .get("notifications.emails")
                .tag("kind", "ORDER_CANCELLED")
                .tag("result", "sent")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void the_emails_a_batch_sent_before_it_failed_are_counted_before_the_failure_is_passed_on() {
    var failure = new IllegalStateException("MongoDB went away");
    var interrupted =
        new DeliveriesInterruptedException(
            new java.util.TreeMap<>(java.util.Map.of(0, new Delivery.Sent(ID))), failure);
    var failing =
        new Notifier() {
          @Override
          public Delivery deliver(OrderOutcome outcome) {
            throw failure;
          }

          @Override
          public Delivery retry(DeferredEmail email) {
            throw failure;
          }

          @Override
          public Delivery retryFailed(DeferredEmail email, RuntimeException e) {
            throw failure;
          }

          @Override
          public List<Delivery> deliverAll(List<OrderOutcome> outcomes, Scope scope) {
            throw interrupted;
          }
        };

    org.assertj.core.api.Assertions.assertThatThrownBy(() ->
            new MeteredNotifier(failing, meters)
                .deliverAll(List.of(CONFIRMED, CONFIRMED), Notifier.Scope.NONE))
        .isSameAs(interrupted);

    assertThat(count("sent")).isEqualTo(1);
  }

  private Delivery deliver(Delivery delivery) {
    return new MeteredNotifier(answering(delivery), meters).deliver(CONFIRMED);
  }

  private static Notifier answering(Delivery delivery) {
    return new Notifier() {
      @Override
      public Delivery deliver(OrderOutcome outcome) {
        return delivery;
      }

      @Override
      public Delivery retry(DeferredEmail email) {
        return delivery;
      }

      @Override
      public Delivery retryFailed(DeferredEmail email, RuntimeException failure) {
        return delivery;
      }

      @Override
      public List<Delivery> deliverAll(List<OrderOutcome> outcomes, Scope scope) {
        return outcomes.stream().map(outcome -> delivery).toList();
      }
    };
  }

  private double count(String result) {
    return meters
        .get("notifications.emails")
        .tag("kind", "ORDER_CONFIRMED")
        .tag("result", result)
        .counter()
        .count();
  }
}
