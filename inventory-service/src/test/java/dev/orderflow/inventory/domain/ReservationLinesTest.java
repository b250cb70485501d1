package dev.orderflow.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.events.OrderLine;
import dev.orderflow.events.ReservationEvent.StockLine;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReservationLinesTest {

  @Test
  void lines_of_the_same_sku_are_added_up_and_skus_come_in_order() {
    var lines =
        ReservationLines.of(
            List.of(line("SKU-2", 1), line("SKU-1", 2), line("SKU-2", 3), line("SKU-0", 1)));

    assertThat(lines)
        .containsExactly(
            new StockLine("SKU-0", 1), new StockLine("SKU-1", 2), new StockLine("SKU-2", 4));
  }

  @Test
  void an_order_without_lines_cannot_be_reserved() {
    assertThatThrownBy(() -> ReservationLines.of(List.of()))
        .isInstanceOf(UnreservableOrderException.class);
  }

  @Test
  void a_quantity_that_is_not_positive_cannot_be_reserved() {
    assertThatThrownBy(() -> ReservationLines.of(List.of(line("SKU-1", 1), line("SKU-2", 0))))
        .isInstanceOf(UnreservableOrderException.class)
        .hasMessageContaining("SKU-2");
  }

  @Test
  void quantities_that_add_up_beyond_an_int_cannot_be_reserved() {
    assertThatThrownBy(
            () -> ReservationLines.of(List.of(line("SKU-1", Integer.MAX_VALUE), line("SKU-1", 1))))
        .isInstanceOf(UnreservableOrderException.class);
  }

  private static OrderLine line(String sku, int quantity) {
    return new OrderLine(sku, quantity, BigDecimal.ONE);
  }
}
