package dev.orderflow.projection.order.domain;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One order as the read side shows it. A view can exist before its {@code OrderPlaced}: events of
 * other topics may arrive first, and then it holds only a timeline (and perhaps parked order
 * events) until the order itself shows up.
 *
 * @param customerId who placed it; null until {@code OrderPlaced} is applied
 * @param status null until {@code OrderPlaced} is applied
 * @param version the version of the last order event applied; 0 before {@code OrderPlaced}
 * @param placedAt when {@code OrderPlaced} happened
 * @param updatedAt when the last applied order event happened
 * @param reason why the order was rejected: its {@code OrderRejected}'s reason while it is {@link
 *     OrderStatus#REJECTED}, null otherwise
 * @param traceId the W3C trace id on the record of its {@code OrderPlaced} (the trace of the
 *     request that placed it); null before {@code OrderPlaced}, or when that record named no trace.
 *     Not part of the event: it comes from the record's {@code traceparent} header, which a rebuild
 *     reads again from the topic
 * @param timeline every event of the order, from every topic, oldest first
 * @param statusChanges the status each applied version gave the order, by version: what the derived
 *     read models (sales) count
 * @param parked order events that arrived before their turn, by version, waiting for the gap before
 *     them to be filled
 */
public record OrderView(
    String orderId,
    @Nullable String customerId,
    @Nullable OrderStatus status,
    List<OrderLine> lines,
    @Nullable BigDecimal total,
    long version,
    @Nullable Instant placedAt,
    @Nullable Instant updatedAt,
    @Nullable RejectionReason reason,
    @Nullable String traceId,
    List<TimelineEntry> timeline,
    List<StatusChange> statusChanges,
    List<OrderEvent> parked) {

  public OrderView {
    Objects.requireNonNull(orderId, "orderId");
    lines = List.copyOf(lines);
    timeline = List.copyOf(timeline);
    statusChanges = List.copyOf(statusChanges);
    parked = List.copyOf(parked);
  }

  /** The view of an order nothing is known about yet. */
  public static OrderView empty(String orderId) {
    return new OrderView(
        orderId, null, null, List.of(), null, 0, null, null, null, null, List.of(), List.of(),
        List.of());
  }

  /** True once {@code OrderPlaced} is applied: only then is there an order to show. */
  public boolean placed() {
    return version > 0;
  }

  /** What {@code version} changed, once it is applied. */
  public Optional<OrderTransition> transition(long version) {
    // Set together by OrderPlaced, the first version: an unplaced view has none of them.
    var customer = customerId;
    var placed = placedAt;
    var amount = total;
    if (version < 1
        || version > this.version
        || customer == null
        || placed == null
        || amount == null) {
      return Optional.empty();
    }
    var to = statusChanges.get((int) version - 1);
    var from = version == 1 ? null : statusChanges.get((int) version - 2).status();
    return Optional.of(
        new OrderTransition(
            orderId, customer, version, from, to.status(), to.at(), placed, lines, amount));
  }
}
