package dev.orderflow.projection.customer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import dev.orderflow.projection.order.domain.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CustomerHistoryIndexTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void every_page_read_from_hour_buckets_equals_the_same_page_of_the_whole_sorted_list() {
    var random = new Random(42);
    var orders = new ArrayList<OrderSummary>();
    for (int i = 0; i < 57; i++) {
      orders.add(summary("o-" + i, T0.plusSeconds(random.nextInt(5 * 3600)), 1));
    }
    var buckets = new TreeMap<String, CustomerHour>();
    var index = CustomerHistoryIndex.empty("c-1");
    for (var order : orders) {
      var hour = CustomerHour.hourOf(order.placedAt());
      var bucket = buckets.getOrDefault(hour, CustomerHour.empty("c-1", hour)).with(order).view();
      buckets.put(hour, bucket);
      index = index.withAtLeast(hour, bucket.orders().size());
    }

    for (var newestFirst : List.of(true, false)) {
      var all =
          orders.stream()
              .sorted(newestFirst ? OrderSummary.NEWEST_FIRST : OrderSummary.OLDEST_FIRST)
              .toList();
      for (int size : new int[] {1, 7, 20, 100}) {
        for (int page = 0; page * size <= all.size() + size; page++) {
          var slice = index.slice(page, size, newestFirst);
          var read = slice.hours().stream().map(buckets::get).toList();
          var expected =
              all.subList(
                  Math.min(page * size, all.size()), Math.min(page * size + size, all.size()));

          var actual = slice.page(read, page, size, index.total(), newestFirst);

          assertThat(actual.items()).as("page %d of %d", page, size).isEqualTo(expected);
          assertThat(actual.total()).isEqualTo(57);
          assertThat(slice.hours().size()).isLessThanOrEqualTo(size + 1);
        }
      }
    }
  }

  @Test
  void a_bucket_keeps_each_order_once_at_its_newest_version() {
    var bucket = CustomerHour.empty("c-1", CustomerHour.hourOf(T0));
    var placed = summary("o-1", T0, 1);
    var confirmed = new OrderSummary("o-1", OrderStatus.CONFIRMED, BigDecimal.TEN, T0, 2);

    bucket = bucket.with(placed).view();
    var next = bucket.with(confirmed);

    assertThat(next).isInstanceOf(Applied.class);
    assertThat(next.view().orders()).containsExactly(confirmed);
    assertThat(next.view().with(confirmed))
        .isEqualTo(new Skipped<>(next.view(), SkipReason.DUPLICATE));
    assertThat(next.view().with(placed)).isEqualTo(new Skipped<>(next.view(), SkipReason.STALE));
  }

  @Test
  void an_index_count_never_shrinks() {
    var index = CustomerHistoryIndex.empty("c-1").withAtLeast("2026-01-01T10", 3);

    assertThat(index.withAtLeast("2026-01-01T10", 2)).isSameAs(index);
    assertThat(index.withAtLeast("2026-01-01T10", 4).ordersByHour())
        .isEqualTo(Map.of("2026-01-01T10", 4));
  }

  @Test
  void a_customer_without_orders_has_an_empty_first_page() {
    var index = CustomerHistoryIndex.empty("c-1");

    var slice = index.slice(0, 20, true);

    assertThat(slice.hours()).isEmpty();
    assertThat(slice.page(List.of(), 0, 20, 0, true).items()).isEmpty();
  }

  private static OrderSummary summary(String orderId, Instant placedAt, long version) {
    return new OrderSummary(orderId, OrderStatus.PENDING, BigDecimal.ONE, placedAt, version);
  }
}
