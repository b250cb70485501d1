package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Events of the Order aggregate, published by order-service to {@link Topics#ORDER_EVENTS} with the
 * order id as key. {@code version} numbers the events of one order from 1 without gaps, so a reader
 * can tell a duplicate (version already seen) from a gap (version ahead of the next one).
 */
public sealed interface OrderEvent extends DomainEvent {

  /** Every event of an order's saga is about the order. */
  @Override
  default String subjectName() {
    return "orderId";
  }

  String orderId();

  long version();

  @Override
  default String subject() {
    return orderId();
  }

  @Override
  default String eventId() {
    return "order/" + orderId() + "/" + version();
  }

  /** A customer placed an order; stock is not reserved yet. */
  @JsonTypeName("OrderPlaced")
  record OrderPlaced(
      String orderId,
      long version,
      Instant occurredAt,
      String customerId,
      List<OrderLine> lines,
      BigDecimal total)
      implements OrderEvent {

    public OrderPlaced {
      Bounds.identifier(orderId, "orderId");
      Bounds.version(version, "version");
      Bounds.time(occurredAt, "occurredAt");
      Bounds.identifier(customerId, "customerId");
      lines = Bounds.between(lines, 1, Bounds.MAX_LINES, "lines");
      for (var line : lines) {
        Bounds.identifier(line.sku(), "sku");
        Bounds.quantity(line.quantity(), "quantity");
        Bounds.price(line.unitPrice(), "unitPrice");
      }
      Bounds.total(total, "total");
      var sum = lines.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
      if (sum.compareTo(total) != 0) {
        throw new IllegalArgumentException(
            "total must be the sum of the lines, " + sum + ", was " + total);
      }
    }
  }

  /** Every line is reserved: the order will be fulfilled. */
  @JsonTypeName("OrderConfirmed")
  record OrderConfirmed(String orderId, long version, Instant occurredAt) implements OrderEvent {

    public OrderConfirmed {
      Bounds.identifier(orderId, "orderId");
      Bounds.version(version, "version");
      Bounds.time(occurredAt, "occurredAt");
    }
  }

  /** The order cannot be fulfilled, e.g. for {@code insufficient-stock}. Nothing stays reserved. */
  @JsonTypeName("OrderRejected")
  record OrderRejected(String orderId, long version, Instant occurredAt, RejectionReason reason)
      implements OrderEvent {

    public OrderRejected {
      Bounds.identifier(orderId, "orderId");
      Bounds.version(version, "version");
      Bounds.time(occurredAt, "occurredAt");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The customer cancelled a pending or confirmed order; its reservation is to be released. */
  @JsonTypeName("OrderCancelled")
  record OrderCancelled(String orderId, long version, Instant occurredAt, CancellationReason reason)
      implements OrderEvent {

    public OrderCancelled {
      Bounds.identifier(orderId, "orderId");
      Bounds.version(version, "version");
      Bounds.time(occurredAt, "occurredAt");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
