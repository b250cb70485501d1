package dev.orderflow.notification.domain;

import dev.orderflow.events.OrderLine;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What an email says about an order, kept from its {@code OrderPlaced}: terminal events carry only
 * the order id.
 */
public record OrderDetails(
    String orderId, String customerId, List<OrderLine> lines, BigDecimal total) {

  /**
   * Customers have no email address in the system yet, so each gets a stable one of its own in a
   * domain we own; a customer service with real addresses would replace this single function.
   */
  public static final String CUSTOMER_MAIL_DOMAIN = "customers.orderflow.dev";

  public OrderDetails {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(customerId, "customerId");
    lines = List.copyOf(lines);
    Objects.requireNonNull(total, "total");
  }

  public String recipient() {
    return customerId + "@" + CUSTOMER_MAIL_DOMAIN;
  }
}
