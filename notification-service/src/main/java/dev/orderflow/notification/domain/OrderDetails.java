package dev.orderflow.notification.domain;

import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Placement;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an email says about an order: the {@link Placement} its terminal event repeats (or, for an
 * event written before terminal events carried it, the copy of its {@code OrderPlaced} an earlier
 * version kept).
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

  /** The details a terminal event's placement gives, or null if it carries none. */
  public static @Nullable OrderDetails of(String orderId, @Nullable Placement placement) {
    return placement == null
        ? null
        : new OrderDetails(orderId, placement.customerId(), placement.lines(), placement.total());
  }

  public String recipient() {
    return customerId + "@" + CUSTOMER_MAIL_DOMAIN;
  }
}
