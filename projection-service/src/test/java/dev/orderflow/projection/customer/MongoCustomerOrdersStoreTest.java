package dev.orderflow.projection.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.projection.CountedMongo;
import dev.orderflow.projection.customer.domain.OrderSummary;
import dev.orderflow.projection.domain.Page;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.order.domain.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The customer history's store on the in-process MongoDB server: no Kafka, no Spring context. */
class MongoCustomerOrdersStoreTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  final CountedMongo mongo = new CountedMongo();
  final MongoCustomerOrdersStore store =
      new MongoCustomerOrdersStore(mongo.template(), "customer_orders_g1");

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void every_page_equals_the_same_page_of_the_whole_sorted_list() {
    var random = new Random(42);
    var orders = new ArrayList<OrderSummary>();
    for (int i = 0; i < 57; i++) {
      // Whole seconds over a few hours: some orders share a placedAt, and ties go by order id.
      var order = summary("o-" + i, "c-1", T0.plusSeconds(random.nextInt(40) * 300L), 1);
      orders.add(order);
      store.record(order);
    }
    store.record(summary("o-other", "c-2", T0, 1));

    for (var newestFirst : List.of(true, false)) {
      var all =
          orders.stream()
              .sorted(newestFirst ? OrderSummary.NEWEST_FIRST : OrderSummary.OLDEST_FIRST)
              .toList();
      for (int size : new int[] {1, 7, 20, 100}) {
        for (int page = 0; page * size <= all.size() + size; page++) {
          assertThat(store.page("c-1", page, size, newestFirst))
              .as("page %d of %d, newest first: %s", page, size, newestFirst)
              .isEqualTo(Page.of(all, page, size));
        }
      }
    }
  }

  @Test
  void an_order_is_in_the_history_once_at_its_newest_version() {
    var placed = summary("o-1", "c-1", T0, 1);
    var confirmed = new OrderSummary("o-1", "c-1", OrderStatus.CONFIRMED, BigDecimal.TEN, T0, 2);

    assertThat(store.record(placed)).isInstanceOf(Applied.class);
    assertThat(store.record(confirmed)).isInstanceOf(Applied.class);
    assertThat(store.record(placed)).isInstanceOf(Skipped.class);
    assertThat(store.record(confirmed)).isInstanceOf(Skipped.class);

    assertThat(store.page("c-1", 0, 20, true).items()).containsExactly(confirmed);
    assertThat(store.page("c-1", 0, 20, true).total()).isOne();
  }

  @Test
  void a_customer_without_orders_has_an_empty_first_page() {
    var page = store.page("c-none", 0, 20, true);

    assertThat(page.items()).isEmpty();
    assertThat(page.total()).isZero();
  }

  private static OrderSummary summary(
      String orderId, String customerId, Instant placedAt, long version) {
    return new OrderSummary(
        orderId, customerId, OrderStatus.PENDING, BigDecimal.ONE, placedAt, version);
  }
}
