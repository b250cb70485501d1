package dev.orderflow.projection.order;

import static dev.orderflow.projection.order.OrderHistories.T0;
import static dev.orderflow.projection.order.OrderHistories.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.InventoryEvent.StockLine;
import dev.orderflow.events.InventoryEvent.StockReserved;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.projection.ProjectionOutcome.Applied;
import dev.orderflow.projection.ViewBusyException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderProjectionTest {

  static final String ORDER = "o-1";

  final InMemoryOrderViewStore store = new InMemoryOrderViewStore();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final List<Object> announced = new ArrayList<>();
  final OrderProjection projection = new OrderProjection(store, meters, announced::add);

  @Test
  void an_applied_event_is_stored_announced_and_counted() {
    projection.apply(placed(ORDER));

    assertThat(projection.find(ORDER))
        .hasValueSatisfying(view -> assertThat(view.version()).isOne());
    assertThat(announced).containsExactly(new OrderViewChanged(ORDER, OrderStatus.PENDING, 1));
    assertThat(counter("projection.events.applied")).isOne();
  }

  @Test
  void a_duplicate_is_counted_but_neither_stored_nor_announced() {
    projection.apply(placed(ORDER));
    var writes = store.writes;

    projection.apply(placed(ORDER));

    assertThat(store.writes).isEqualTo(writes);
    assertThat(announced).hasSize(1);
    assertThat(skipped("duplicate")).isOne();
  }

  @Test
  void a_write_that_lost_a_race_is_applied_again_on_top_of_the_winner() {
    projection.apply(placed(ORDER));
    var reserved = new StockReserved(ORDER, T0.plusMillis(400), List.of(new StockLine("SKU-1", 2)));
    store.beforeReplace =
        () -> {
          store.beforeReplace = () -> {};
          projection.apply(reserved);
        };

    var outcome = projection.apply(new OrderConfirmed(ORDER, 2, T0.plusSeconds(1)));

    assertThat(outcome).isInstanceOf(Applied.class);
    var view = projection.find(ORDER).orElseThrow();
    assertThat(view.status()).isEqualTo(OrderStatus.CONFIRMED);
    assertThat(view.timeline())
        .extracting(TimelineEntry::type)
        .containsExactly("OrderPlaced", "StockReserved", "OrderConfirmed");
  }

  @Test
  void a_view_that_changes_under_every_attempt_is_given_up_so_the_record_is_retried_later() {
    projection.apply(placed(ORDER));
    var otherWrites = new int[] {0};
    store.beforeReplace =
        () -> {
          var current = store.find(ORDER).orElseThrow();
          store.replaceNow(current, current.view());
          otherWrites[0]++;
        };

    assertThatThrownBy(() -> projection.apply(new OrderConfirmed(ORDER, 2, T0.plusSeconds(1))))
        .isInstanceOf(ViewBusyException.class);
    assertThat(otherWrites[0]).isEqualTo(OrderProjection.ATTEMPTS);
    assertThat(projection.find(ORDER).orElseThrow().status()).isEqualTo(OrderStatus.PENDING);
  }

  @Test
  void an_order_known_only_from_its_timeline_is_not_found_yet() {
    projection.apply(new StockReserved(ORDER, T0, List.of(new StockLine("SKU-1", 2))));

    assertThat(store.find(ORDER)).isPresent();
    assertThat(projection.find(ORDER)).isEmpty();
  }

  private double counter(String name) {
    return meters.get(name).tag("projection", "order").counter().count();
  }

  private double skipped(String reason) {
    return meters
        .get("projection.events.skipped")
        .tag("projection", "order")
        .tag("reason", reason)
        .counter()
        .count();
  }
}
