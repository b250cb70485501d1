package dev.orderflow.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DemoOrdersTest {

  private final List<DemoOrders.Order> orders =
      IntStream.range(0, 2_000).mapToObj(i -> new DemoOrders(new Random(i)).next()).toList();

  @Test
  void orders_come_from_twenty_customers_with_one_to_three_distinct_skus() {
    assertThat(orders)
        .allSatisfy(order -> {
          assertThat(order.customerId()).matches("c-([1-9]|1[0-9]|20)");
          assertThat(order.lines()).hasSizeBetween(1, 3);
          assertThat(order.lines())
              .extracting(DemoOrders.Line::sku)
              .doesNotHaveDuplicates()
              .allMatch(DemoOrders.SKUS::contains);
        });
    assertThat(orders).extracting(DemoOrders.Order::customerId).contains("c-1", "c-20");
  }

  @Test
  void some_orders_but_not_most_ask_for_more_than_is_ever_available() {
    long oversized = orders.stream().filter(DemoOrders.Order::oversized).count();

    assertThat(oversized).isBetween(50L, 300L);
    assertThat(DemoOrders.OVERSIZED_QUANTITY).isGreaterThan(DemoTraffic.AVAILABLE);
  }

  @Test
  void an_order_is_the_body_the_order_api_takes() throws Exception {
    var order =
        new DemoOrders.Order(
            "c-7", List.of(new DemoOrders.Line("SKU-3", 2, new java.math.BigDecimal("9.99"))));

    assertThat(new ObjectMapper().writeValueAsString(order))
        .isEqualTo(
            "{\"customerId\":\"c-7\",\"lines\":[{\"sku\":\"SKU-3\",\"quantity\":2,\"unitPrice\":9.99}]}");
  }
}
