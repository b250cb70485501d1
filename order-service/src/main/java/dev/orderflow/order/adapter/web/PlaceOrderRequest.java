package dev.orderflow.order.adapter.web;

import dev.orderflow.events.Bounds;
import dev.orderflow.events.OrderLine;
import dev.orderflow.platform.web.Identifier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/** {@code POST /api/orders}. */
record PlaceOrderRequest(
    @NotNull @Identifier String customerId,
    @NotEmpty @Size(max = Bounds.MAX_LINES) List<@NotNull @Valid Line> lines) {

  record Line(
      @NotNull @Identifier String sku,
      @Min(1) @Max(Bounds.MAX_QUANTITY) int quantity,
      @NotNull
          @DecimalMin("0.00")
          @Digits(integer = Bounds.PRICE_INTEGER_DIGITS, fraction = Bounds.MONEY_FRACTION_DIGITS)
          BigDecimal unitPrice) {

    OrderLine toOrderLine() {
      return new OrderLine(sku, quantity, unitPrice);
    }
  }

  List<OrderLine> orderLines() {
    return lines.stream().map(Line::toOrderLine).toList();
  }
}
