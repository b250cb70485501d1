package dev.orderflow.order.domain;

import static dev.orderflow.order.domain.OrderSpecification.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Placement;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.order.domain.OrderCommand.CancelOrder;
import dev.orderflow.order.domain.OrderCommand.ConfirmOrder;
import dev.orderflow.order.domain.OrderCommand.PlaceOrder;
import dev.orderflow.order.domain.OrderCommand.RejectOrder;
import dev.orderflow.order.domain.OrderCommand.TimeOutOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OrderTest {

  static final String ID = "o-1";
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant T1 = T0.plusSeconds(1);
  static final Instant T2 = T0.plusSeconds(2);
  static final List<OrderLine> LINES =
      List.of(
          new OrderLine("SKU-1", 2, new BigDecimal("9.99")),
          new OrderLine("SKU-2", 1, new BigDecimal("0.02")));

  static final OrderPlaced PLACED =
      new OrderPlaced(ID, 1, T0, "c-1", LINES, new BigDecimal("20.00"));

  /** What every terminal event of the order repeats. */
  static final Placement PLACEMENT = new Placement("c-1", LINES, new BigDecimal("20.00"));

  static final OrderConfirmed CONFIRMED = new OrderConfirmed(ID, 2, T1, PLACEMENT);
  static final OrderRejected REJECTED =
      new OrderRejected(ID, 2, T1, RejectionReason.INSUFFICIENT_STOCK, PLACEMENT);
  static final OrderCancelled CANCELLED =
      new OrderCancelled(ID, 2, T1, CancellationReason.CUSTOMER_REQUEST, PLACEMENT);

  @Nested
  class Placing {

    @Test
    void a_new_order_is_placed_as_version_1_with_its_total() {
      given().when(new PlaceOrder(ID, "c-1", LINES, T0)).then(PLACED);
    }

    @Test
    void an_order_cannot_be_placed_twice() {
      given(PLACED)
          .when(new PlaceOrder(ID, "c-1", LINES, T1))
          .thenRejects(OrderAlreadyExistsException.class);
    }

    @Test
    void an_order_needs_a_line() {
      given()
          .when(new PlaceOrder(ID, "c-1", List.of(), T0))
          .thenRejects(InvalidOrderException.class);
    }

    @Test
    void a_line_needs_a_positive_quantity() {
      var line = new OrderLine("SKU-1", 0, BigDecimal.ONE);

      given()
          .when(new PlaceOrder(ID, "c-1", List.of(line), T0))
          .thenRejects(InvalidOrderException.class);
    }

    @Test
    void a_line_cannot_have_a_negative_price() {
      var line = new OrderLine("SKU-1", 1, new BigDecimal("-0.01"));

      given()
          .when(new PlaceOrder(ID, "c-1", List.of(line), T0))
          .thenRejects(InvalidOrderException.class);
    }
  }

  @Nested
  class Confirming {

    @Test
    void a_pending_order_is_confirmed() {
      given(PLACED).when(new ConfirmOrder(ID, T1)).then(CONFIRMED);
    }

    @Test
    void a_confirmed_order_is_not_confirmed_again() {
      given(PLACED, CONFIRMED).when(new ConfirmOrder(ID, T2)).thenNothingHappens();
    }

    @Test
    void cancelled_order_cannot_be_confirmed() {
      given(PLACED, CANCELLED).when(new ConfirmOrder(ID, T2)).thenNothingHappens();
    }

    @Test
    void rejected_order_cannot_be_confirmed() {
      given(PLACED, REJECTED).when(new ConfirmOrder(ID, T2)).thenNothingHappens();
    }

    @Test
    void an_unknown_order_cannot_be_confirmed() {
      given().when(new ConfirmOrder(ID, T1)).thenRejects(OrderNotFoundException.class);
    }
  }

  @Nested
  class Rejecting {

    @Test
    void a_pending_order_is_rejected_with_the_reason() {
      given(PLACED)
          .when(new RejectOrder(ID, RejectionReason.INSUFFICIENT_STOCK, T1))
          .then(REJECTED);
    }

    @Test
    void a_confirmed_order_is_not_rejected() {
      given(PLACED, CONFIRMED)
          .when(new RejectOrder(ID, RejectionReason.TIMEOUT, T2))
          .thenNothingHappens();
    }

    @Test
    void a_rejected_order_is_not_rejected_again() {
      given(PLACED, REJECTED)
          .when(new RejectOrder(ID, RejectionReason.INSUFFICIENT_STOCK, T2))
          .thenNothingHappens();
    }
  }

  @Nested
  class TimingOut {

    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final Instant DUE = T0.plus(DEADLINE);
    static final OrderRejected TIMED_OUT =
        new OrderRejected(ID, 2, DUE, TimeOutOrder.REASON, PLACEMENT);

    @Test
    void a_pending_order_is_rejected_with_reason_timeout_once_its_deadline_has_passed() {
      given(PLACED).when(new TimeOutOrder(ID, DEADLINE, DUE)).then(TIMED_OUT);
    }

    @Test
    void a_pending_order_is_left_pending_before_its_deadline() {
      given(PLACED).when(new TimeOutOrder(ID, DEADLINE, DUE.minusMillis(1))).thenNothingHappens();
    }

    @Test
    void a_confirmed_order_is_not_timed_out() {
      given(PLACED, CONFIRMED).when(new TimeOutOrder(ID, DEADLINE, DUE)).thenNothingHappens();
    }

    @Test
    void an_order_rejected_for_lack_of_stock_keeps_its_reason() {
      given(PLACED, REJECTED).when(new TimeOutOrder(ID, DEADLINE, DUE)).thenNothingHappens();
    }

    @Test
    void a_cancelled_order_is_not_timed_out() {
      given(PLACED, CANCELLED).when(new TimeOutOrder(ID, DEADLINE, DUE)).thenNothingHappens();
    }

    @Test
    void a_timed_out_order_is_not_timed_out_again() {
      given(PLACED, TIMED_OUT)
          .when(new TimeOutOrder(ID, DEADLINE, DUE.plusSeconds(5)))
          .thenNothingHappens();
    }

    @Test
    void a_reservation_arriving_after_the_timeout_does_not_confirm_the_order() {
      given(PLACED, TIMED_OUT).when(new ConfirmOrder(ID, DUE.plusSeconds(1))).thenNothingHappens();
    }

    @Test
    void an_unknown_order_cannot_time_out() {
      given().when(new TimeOutOrder(ID, DEADLINE, DUE)).thenRejects(OrderNotFoundException.class);
    }
  }

  @Nested
  class Cancelling {

    @Test
    void a_pending_order_is_cancelled() {
      given(PLACED)
          .when(new CancelOrder(ID, CancellationReason.CUSTOMER_REQUEST, T1))
          .then(CANCELLED);
    }

    @Test
    void a_confirmed_order_is_cancelled_as_its_next_version() {
      given(PLACED, CONFIRMED)
          .when(new CancelOrder(ID, CancellationReason.CUSTOMER_REQUEST, T2))
          .then(new OrderCancelled(ID, 3, T2, CancellationReason.CUSTOMER_REQUEST, PLACEMENT));
    }

    @Test
    void a_rejected_order_cannot_be_cancelled() {
      given(PLACED, REJECTED)
          .when(new CancelOrder(ID, CancellationReason.CUSTOMER_REQUEST, T2))
          .thenRejects(IllegalTransitionException.class);
    }

    @Test
    void a_cancelled_order_cannot_be_cancelled_again() {
      given(PLACED, CANCELLED)
          .when(new CancelOrder(ID, CancellationReason.CUSTOMER_REQUEST, T2))
          .thenRejects(IllegalTransitionException.class);
    }

    @Test
    void an_unknown_order_cannot_be_cancelled() {
      given()
          .when(new CancelOrder(ID, CancellationReason.CUSTOMER_REQUEST, T1))
          .thenRejects(OrderNotFoundException.class);
    }
  }

  @Nested
  class Replaying {

    @Test
    void the_state_follows_the_events_and_keeps_what_was_ordered() {
      var state = (Order.Placed) Order.replay(List.of(PLACED, CONFIRMED));

      assertThat(state.status()).isEqualTo(OrderStatus.CONFIRMED);
      assertThat(state.version()).isEqualTo(2);
      assertThat(state.details().lines()).isEqualTo(LINES);
      assertThat(state.details().total()).isEqualByComparingTo("20.00");
      assertThat(state.details().placedAt()).isEqualTo(T0);
    }

    @Test
    void no_events_means_no_order() {
      assertThat(Order.replay(List.of())).isEqualTo(Order.EMPTY);
    }
  }
}
