package dev.orderflow.projection.order.domain;

import dev.orderflow.events.OrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One applied version of an order, with what the derived read models need to count it: the status
 * before and after, when it happened, and the order's lines.
 *
 * @param from the status before this version; null for {@code OrderPlaced}
 */
public record OrderTransition(
    String orderId,
    String customerId,
    long version,
    @Nullable OrderStatus from,
    OrderStatus to,
    Instant at,
    Instant placedAt,
    List<OrderLine> lines,
    BigDecimal total) {}
