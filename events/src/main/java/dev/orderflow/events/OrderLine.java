package dev.orderflow.events;

import java.math.BigDecimal;
import java.util.Objects;

/** One line of an order: how many units of a sku, at what unit price. */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {

  public OrderLine {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(unitPrice, "unitPrice");
  }

  public BigDecimal lineTotal() {
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}
