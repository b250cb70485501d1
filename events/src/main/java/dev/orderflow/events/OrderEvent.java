package dev.orderflow.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
      lines = Placement.checked(customerId, lines, total);
    }

    /** What was ordered, as the order's terminal event repeats it. */
    public Placement placement() {
      return new Placement(customerId, lines, total);
    }
  }

  /**
   * Every line is reserved: the order will be fulfilled.
   *
   * @param placement what was ordered, for readers that tell the customer; absent from events
   *     written before it was added
   */
  @JsonTypeName("OrderConfirmed")
  record OrderConfirmed(
      String orderId,
      long version,
      Instant occurredAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Placement placement)
      implements OrderEvent {

    public OrderConfirmed {
      Bounds.identifier(orderId, "orderId");
      Bounds.version(version, "version");
      Bounds.time(occurredAt, "occurredAt");
    }

    /** Without the placement, as events were written before it was added. */
    public OrderConfirmed(String orderId, long version, Instant occurredAt) {
      this(orderId, version, occurredAt, null);
    }
  }

  /**
   * The order cannot be fulfilled, e.g. for {@code insufficient-stock}. Nothing stays reserved.
   *
   * @param placement what was ordered, for readers that tell the customer; absent from events
   *     written before it was added
   */
  @JsonTypeName("OrderRejected")
  record OrderRejected(
      String orderId,
      long version,
      Instant occurredAt,
      RejectionReason reason,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Placement placement)
      implements OrderEvent {

    public OrderRejected {
      Bounds.identifier(orderId, "orderId");
      Bounds.version(version, "version");
      Bounds.time(occurredAt, "occurredAt");
      Objects.requireNonNull(reason, "reason");
    }

    /** Without the placement, as events were written before it was added. */
    public OrderRejected(String orderId, long version, Instant occurredAt, RejectionReason reason) {
      this(orderId, version, occurredAt, reason, null);
    }
  }

  /**
   * The customer cancelled a pending or confirmed order; its reservation is to be released.
   *
   * @param placement what was ordered, for readers that tell the customer; absent from events
   *     written before it was added
   */
  @JsonTypeName("OrderCancelled")
  record OrderCancelled(
      String orderId,
      long version,
      Instant occurredAt,
      CancellationReason reason,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Placement placement)
      implements OrderEvent {

    public OrderCancelled {
      Bounds.identifier(orderId, "orderId");
      Bounds.version(version, "version");
      Bounds.time(occurredAt, "occurredAt");
      Objects.requireNonNull(reason, "reason");
    }

    /** Without the placement, as events were written before it was added. */
    public OrderCancelled(
        String orderId, long version, Instant occurredAt, CancellationReason reason) {
      this(orderId, version, occurredAt, reason, null);
    }
  }
}
