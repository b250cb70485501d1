package dev.orderflow.projection.order.domain;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.RejectionReason;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Parked;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Applies one event to an order view: a pure function, so the view of an order depends only on
 * which events arrived, never on when or how often.
 *
 * <ul>
 *   <li>Order events are applied strictly in version order. A version the view already has (or has
 *       parked) is a duplicate and changes nothing; a version beyond the next one is parked in the
 *       view and applied, with every parked successor, as soon as the missing one arrives. So the
 *       view equals the fold of the order's events over the versions it has.
 *   <li>Events of the other topics (stock reservations, notifications) only add to the timeline,
 *       once per event id, in time order; they may come before {@code OrderPlaced}.
 *   <li>The view keeps one thing its events do not hold: the trace id of the record that carried
 *       its {@code OrderPlaced} (its {@code traceparent} header), given with the event. {@code
 *       OrderPlaced} is version 1, so it is never parked: it is applied with the trace id of the
 *       record it came in, and a duplicate changes nothing. Every copy of one event carries the
 *       same header (the outbox stores it with the event), so the view still depends only on which
 *       records arrived.
 * </ul>
 */
public final class OrderProjector {

  private OrderProjector() {}

  /** Applies an event whose record named no trace. */
  public static ProjectionOutcome<OrderView> apply(OrderView view, DomainEvent event) {
    return apply(view, event, null);
  }

  /**
   * Applies an event read from a record whose {@code traceparent} names {@code traceId} (null for
   * none): the view keeps it if the event is the order's {@code OrderPlaced}.
   */
  public static ProjectionOutcome<OrderView> apply(
      OrderView view, DomainEvent event, @Nullable String traceId) {
    if (!event.subject().equals(view.orderId())) {
      throw new IllegalArgumentException(
          event.type() + " of " + event.subject() + " applied to the view of " + view.orderId());
    }
    return switch (event) {
      case OrderEvent e -> inVersionOrder(view, e, traceId);
      case StockReserved e -> onTimeline(view, e);
      case StockReservationFailed e -> onTimeline(view, e);
      case StockReleased e -> onTimeline(view, e);
      case NotificationEvent e -> onTimeline(view, e);
      case StockLevelChanged e ->
          throw new IllegalArgumentException(e.type() + " is about a sku, not an order");
    };
  }

  private static ProjectionOutcome<OrderView> inVersionOrder(
      OrderView view, OrderEvent event, @Nullable String traceId) {
    var parked = new ArrayList<>(view.parked());
    if (event.version() <= view.version()
        || parked.stream().anyMatch(p -> p.version() == event.version())) {
      return new Skipped<>(view, SkipReason.DUPLICATE);
    }
    if (event.version() > view.version() + 1) {
      parked.add(event);
      parked.sort(Comparator.comparingLong(OrderEvent::version));
      return new Parked<>(withParked(view, parked));
    }
    var next = evolve(view, event, traceId);
    while (!parked.isEmpty() && parked.getFirst().version() == next.version() + 1) {
      // Parked events are never OrderPlaced (version 1 is always the next one): no trace to keep.
      next = evolve(next, parked.removeFirst(), null);
    }
    return new Applied<>(withParked(next, parked));
  }

  /**
   * The fold step: the order's state after {@code event}, which is the next version; {@code
   * traceId} is its record's, kept if it is {@code OrderPlaced}.
   */
  private static OrderView evolve(OrderView view, OrderEvent event, @Nullable String traceId) {
    var timeline = withEntry(view.timeline(), entryOf(event));
    var at = timeOf(event);
    return switch (event) {
      case OrderPlaced e ->
          new OrderView(
              view.orderId(),
              e.customerId(),
              OrderStatus.PENDING,
              e.lines(),
              e.total(),
              e.version(),
              at,
              at,
              null,
              traceId,
              timeline,
              withChange(view, new StatusChange(e.version(), OrderStatus.PENDING, at)),
              view.parked());
      case OrderConfirmed e -> withStatus(view, OrderStatus.CONFIRMED, null, e, timeline);
      case OrderRejected e -> withStatus(view, OrderStatus.REJECTED, e.reason(), e, timeline);
      case OrderCancelled e -> withStatus(view, OrderStatus.CANCELLED, null, e, timeline);
    };
  }

  /** The order in its next status; {@code reason} is the rejection's, null for any other. */
  private static OrderView withStatus(
      OrderView view,
      OrderStatus status,
      @Nullable RejectionReason reason,
      OrderEvent event,
      List<TimelineEntry> timeline) {
    return new OrderView(
        view.orderId(),
        view.customerId(),
        status,
        view.lines(),
        view.total(),
        event.version(),
        view.placedAt(),
        timeOf(event),
        reason,
        view.traceId(),
        timeline,
        withChange(view, new StatusChange(event.version(), status, timeOf(event))),
        view.parked());
  }

  private static List<StatusChange> withChange(OrderView view, StatusChange change) {
    var changes = new ArrayList<>(view.statusChanges());
    changes.add(change);
    return changes;
  }

  private static ProjectionOutcome<OrderView> onTimeline(OrderView view, DomainEvent event) {
    var eventId = event.eventId();
    if (view.timeline().stream().anyMatch(entry -> entry.eventId().equals(eventId))) {
      return new Skipped<>(view, SkipReason.DUPLICATE);
    }
    return new Applied<>(
        new OrderView(
            view.orderId(),
            view.customerId(),
            view.status(),
            view.lines(),
            view.total(),
            view.version(),
            view.placedAt(),
            view.updatedAt(),
            view.reason(),
            view.traceId(),
            withEntry(view.timeline(), entryOf(event)),
            view.statusChanges(),
            view.parked()));
  }

  private static OrderView withParked(OrderView view, List<OrderEvent> parked) {
    return new OrderView(
        view.orderId(),
        view.customerId(),
        view.status(),
        view.lines(),
        view.total(),
        view.version(),
        view.placedAt(),
        view.updatedAt(),
        view.reason(),
        view.traceId(),
        view.timeline(),
        view.statusChanges(),
        parked);
  }

  private static List<TimelineEntry> withEntry(List<TimelineEntry> timeline, TimelineEntry entry) {
    var entries = new ArrayList<>(timeline);
    entries.add(entry);
    entries.sort(TimelineEntry.CHRONOLOGICAL);
    return entries;
  }

  private static TimelineEntry entryOf(DomainEvent event) {
    return new TimelineEntry(event.eventId(), event.type(), timeOf(event));
  }

  /**
   * MongoDB keeps dates to the millisecond; a view that is exact to the millisecond reads back from
   * the store exactly as it was written, and sorts its timeline the same way afterwards.
   */
  private static Instant timeOf(DomainEvent event) {
    return event.occurredAt().truncatedTo(ChronoUnit.MILLIS);
  }
}
