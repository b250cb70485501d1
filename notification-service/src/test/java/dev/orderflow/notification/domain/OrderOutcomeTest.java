package dev.orderflow.notification.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.NotificationKind;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Placement;
import dev.orderflow.events.RejectionReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderOutcomeTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");

  @Test
  void a_placed_order_has_no_outcome_to_tell_yet() {
    var placed =
        new OrderPlaced(
            "o-1",
            1,
            AT,
            "c-1",
            List.of(new OrderLine("SKU-1", 1, new BigDecimal("9.99"))),
            new BigDecimal("9.99"));

    assertThat(OrderOutcome.of(placed)).isEmpty();
  }

  @Test
  void a_confirmation_is_an_order_confirmed_email_without_a_reason() {
    assertThat(OrderOutcome.of(new OrderConfirmed("o-1", 2, AT)))
        .contains(new OrderOutcome("o-1", NotificationKind.ORDER_CONFIRMED, null, AT));
  }

  @Test
  void a_rejection_is_an_order_rejected_email_with_its_reason() {
    assertThat(OrderOutcome.of(new OrderRejected("o-1", 2, AT, RejectionReason.INSUFFICIENT_STOCK)))
        .contains(
            new OrderOutcome(
                "o-1",
                NotificationKind.ORDER_REJECTED,
                RejectionReason.INSUFFICIENT_STOCK.wire(),
                AT));
  }

  @Test
  void a_cancellation_is_an_order_cancelled_email_with_its_reason() {
    assertThat(
            OrderOutcome.of(new OrderCancelled("o-1", 3, AT, CancellationReason.CUSTOMER_REQUEST)))
        .contains(
            new OrderOutcome(
                "o-1",
                NotificationKind.ORDER_CANCELLED,
                CancellationReason.CUSTOMER_REQUEST.wire(),
                AT));
  }

  @Test
  void the_placement_a_terminal_event_repeats_is_what_its_email_says_about_the_order() {
    var lines = List.of(new OrderLine("SKU-1", 2, new BigDecimal("9.99")));
    var placement = new Placement("c-1", lines, new BigDecimal("19.98"));

    assertThat(
            OrderOutcome.of(
                new OrderCancelled("o-1", 3, AT, CancellationReason.CUSTOMER_REQUEST, placement)))
        .map(OrderOutcome::details)
        .contains(new OrderDetails("o-1", "c-1", lines, new BigDecimal("19.98")));
    assertThat(OrderOutcome.of(new OrderConfirmed("o-1", 2, AT)))
        .as("written before terminal events carried it")
        .map(OrderOutcome::details)
        .isEmpty();
  }

  @Test
  void an_outcome_refuses_the_details_of_another_order() {
    var details = new OrderDetails("o-2", "c-1", List.of(), BigDecimal.ZERO);

    assertThatThrownBy(
            () -> new OrderOutcome("o-1", NotificationKind.ORDER_CONFIRMED, null, AT, details))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("o-2");
  }

  @Test
  void each_outcome_names_the_status_it_leaves_the_order_in() {
    assertThat(new OrderOutcome("o-1", NotificationKind.ORDER_CONFIRMED, null, AT).status())
        .isEqualTo("CONFIRMED");
    assertThat(new OrderOutcome("o-1", NotificationKind.ORDER_REJECTED, "r", AT).status())
        .isEqualTo("REJECTED");
    assertThat(new OrderOutcome("o-1", NotificationKind.ORDER_CANCELLED, "r", AT).status())
        .isEqualTo("CANCELLED");
  }

  @Test
  void an_order_has_one_notification_per_kind() {
    var confirmed = new OrderOutcome("o-1", NotificationKind.ORDER_CONFIRMED, null, AT);
    var cancelled = new OrderOutcome("o-1", NotificationKind.ORDER_CANCELLED, "r", AT);

    assertThat(confirmed.notificationId()).isEqualTo("o-1:ORDER_CONFIRMED");
    assertThat(cancelled.notificationId()).isEqualTo("o-1:ORDER_CANCELLED");
  }
}
