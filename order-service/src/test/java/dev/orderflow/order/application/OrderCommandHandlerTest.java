package dev.orderflow.order.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Placement;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.order.domain.InvalidOrderException;
import dev.orderflow.order.domain.OrderStatus;
import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.CompareAndSet.Contended;
import dev.orderflow.platform.concurrency.ContentionException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderCommandHandlerTest {

  static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
  static final List<OrderLine> LINES = List.of(new OrderLine("SKU-1", 2, new BigDecimal("9.99")));

  final InMemoryOrderEventStore store = new InMemoryOrderEventStore();
  final InMemoryPendingOrders pending = store.pending();
  final OrderIds ids = new OrderIds();
  final OrderCommandHandler orders =
      new OrderCommandHandler(
          store, pending, ids, SagaMetrics.NONE, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void placing_stores_order_placed_as_of_now() {
    var placed = orders.place("c-1", LINES, Optional.empty());

    assertThat(placed.status()).isEqualTo(OrderStatus.PENDING);
    assertThat(store.events(placed.orderId()))
        .containsExactly(
            new OrderPlaced(placed.orderId(), 1, NOW, "c-1", LINES, new BigDecimal("19.98")));
  }

  @Test
  void the_same_idempotency_key_again_returns_the_first_order_and_places_no_second() {
    var first = orders.place("c-1", LINES, Optional.of("key-1"));
    var again = orders.place("c-1", LINES, Optional.of("key-1"));

    assertThat(again.orderId()).isEqualTo(first.orderId());
    assertThat(again.replayed()).isTrue();
    assertThat(store.events(first.orderId())).hasSize(1);
  }

  @Test
  void a_first_placement_with_an_idempotency_key_is_written_without_reading_the_order_first() {
    var placed = orders.place("c-1", LINES, Optional.of("key-1"));

    assertThat(placed.replayed()).isFalse();
    assertThat(store.events(placed.orderId())).hasSize(1);
    assertThat(store.loads()).isZero();
  }

  @Test
  void an_idempotent_replay_reports_the_status_the_order_has_now() {
    var first = orders.place("c-1", LINES, Optional.of("key-1"));
    orders.confirm(first.orderId());

    assertThat(orders.place("c-1", LINES, Optional.of("key-1")).status())
        .isEqualTo(OrderStatus.CONFIRMED);
  }

  @Test
  void an_idempotency_key_reused_for_a_different_order_is_refused() {
    orders.place("c-1", LINES, Optional.of("key-1"));
    var other = List.of(new OrderLine("SKU-1", 3, new BigDecimal("9.99")));

    assertThatThrownBy(() -> orders.place("c-1", other, Optional.of("key-1")))
        .isInstanceOf(IdempotencyKeyReusedException.class);
  }

  @Test
  void the_same_key_from_two_customers_places_two_orders() {
    var a = orders.place("c-1", LINES, Optional.of("key-1"));
    var b = orders.place("c-2", LINES, Optional.of("key-1"));

    assertThat(a.orderId()).isNotEqualTo(b.orderId());
  }

  @Test
  void a_price_written_differently_is_the_same_request() {
    orders.place("c-1", LINES, Optional.of("key-1"));
    var samePrice = List.of(new OrderLine("SKU-1", 2, new BigDecimal("9.990")));

    assertThat(orders.place("c-1", samePrice, Optional.of("key-1")).replayed()).isTrue();
  }

  @Test
  void a_command_that_loses_a_race_is_decided_again_on_the_new_state() {
    var orderId = orders.place("c-1", LINES, Optional.empty()).orderId();
    store.interleave(() ->
        store.append(
            store.load(orderId), List.of(new OrderConfirmed(orderId, 2, NOW.minusSeconds(1)))));

    var cancelled = orders.cancel(orderId);

    assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(store.events(orderId))
        .extracting(OrderEvent::type)
        .containsExactly("OrderPlaced", "OrderConfirmed", "OrderCancelled");
    assertThat(store.events(orderId).getLast())
        .isEqualTo(
            new OrderCancelled(
                orderId,
                3,
                NOW,
                CancellationReason.CUSTOMER_REQUEST,
                new Placement("c-1", LINES, new BigDecimal("19.98"))));
  }

  @Test
  void a_command_that_loses_every_race_gives_up_as_the_order_being_busy() {
    var orderId = orders.place("c-1", LINES, Optional.empty()).orderId();
    // Another writer appends before each of this command's appends, for as long as it tries.
    store.alwaysInterleave(() -> {
      var other = store.load(orderId);
      store.append(
          other,
          List.of(new OrderConfirmed(orderId, other.events().size() + 1, NOW.minusSeconds(1))));
    });

    assertThatThrownBy(() -> orders.cancel(orderId))
        .isInstanceOfSatisfying(
            ContentionException.class,
            busy -> assertThat(busy.document()).isEqualTo(Contended.of("order", orderId)));
    assertThat(store.events(orderId))
        .hasSize(1 + CompareAndSet.ATTEMPTS)
        .extracting(OrderEvent::type)
        .doesNotContain("OrderCancelled");
  }

  @Test
  void two_requests_with_the_same_key_at_once_place_one_order() {
    var orderId = ids.forIdempotencyKey("c-1", "key-1");
    // The other request's append lands between this one's load and its append.
    store.interleave(() ->
        store.append(
            store.startStream(orderId),
            List.of(
                new OrderPlaced(
                    orderId, 1, NOW.minusSeconds(1), "c-1", LINES, new BigDecimal("19.98")))));

    var placed = orders.place("c-1", LINES, Optional.of("key-1"));

    assertThat(placed.orderId()).isEqualTo(orderId);
    assertThat(placed.replayed()).isTrue();
    assertThat(store.events(orderId)).hasSize(1);
  }

  @Test
  void a_redelivered_confirmation_stores_nothing() {
    var orderId = orders.place("c-1", LINES, Optional.empty()).orderId();
    orders.confirm(orderId);

    orders.confirm(orderId);

    assertThat(store.events(orderId)).hasSize(2);
  }

  @Test
  void a_placed_order_is_remembered_as_pending_since_it_was_placed() {
    var orderId = orders.place("c-1", LINES, Optional.empty()).orderId();

    assertThat(pending.placedBefore(NOW.plusMillis(1), 10)).containsExactly(orderId);
    assertThat(pending.placedBefore(NOW, 10)).isEmpty();
  }

  @Test
  void an_order_the_domain_refuses_leaves_no_reminder() {
    assertThatThrownBy(() -> orders.place("c-1", List.of(), Optional.empty()))
        .isInstanceOf(InvalidOrderException.class);

    assertThat(pending.placedBefore(NOW.plusSeconds(60), 10)).isEmpty();
  }

  @Test
  void a_decided_order_is_no_longer_remembered_as_pending() {
    var confirmed = orders.place("c-1", LINES, Optional.empty()).orderId();
    var cancelled = orders.place("c-1", LINES, Optional.empty()).orderId();
    var rejected = orders.place("c-1", LINES, Optional.empty()).orderId();

    orders.confirm(confirmed);
    orders.cancel(cancelled);
    orders.reject(rejected, RejectionReason.INSUFFICIENT_STOCK);

    assertThat(pending.placedBefore(NOW.plusSeconds(60), 10)).isEmpty();
  }

  @Test
  void a_decision_is_kept_even_if_its_reminder_cannot_be_removed() {
    var failingPending =
        new InMemoryPendingOrders() {
          @Override
          public void remove(String orderId) {
            throw new IllegalStateException("MongoDB is away");
          }
        };
    var handler =
        new OrderCommandHandler(
            store, failingPending, ids, SagaMetrics.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
    var orderId = handler.place("c-1", LINES, Optional.empty()).orderId();

    assertThatCode(() -> handler.confirm(orderId)).doesNotThrowAnyException();
    assertThat(store.events(orderId)).extracting(OrderEvent::type).endsWith("OrderConfirmed");
  }
}
