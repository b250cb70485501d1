package dev.orderflow.inventory.reservation;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.inventory.domain.ReservationOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs (the order's id is in the logging context) and counts what handling each order event did:
 * {@code inventory_reservation_outcomes_events_total{event, outcome}}. An event handled alone is
 * counted here; an order reserved in a batch is counted when the listener calls {@link #count} in
 * its record's logging context, and so is one released in a batch. Every outcome each event can end
 * in is registered at 0 from the start ({@link #OUTCOMES}), so a quiet service shows 0, not "No
 * data".
 */
final class CountedOutcomes implements OrderEventHandler {

  private static final Logger log = LoggerFactory.getLogger(CountedOutcomes.class);

  /**
   * What handling each event that asks something of inventory can end in: a placement reserves or
   * fails; a cancellation or rejection releases, or leaves a tombstone when it comes first; either
   * may find its work done already or taken over by another handler.
   */
  static final Map<Class<? extends OrderEvent>, EnumSet<ReservationOutcome>> OUTCOMES =
      Map.of(
          OrderPlaced.class,
          EnumSet.of(
              ReservationOutcome.RESERVED,
              ReservationOutcome.FAILED,
              ReservationOutcome.UNCHANGED,
              ReservationOutcome.SUPERSEDED),
          OrderCancelled.class,
          EnumSet.of(
              ReservationOutcome.RELEASED,
              ReservationOutcome.TOMBSTONED,
              ReservationOutcome.UNCHANGED,
              ReservationOutcome.SUPERSEDED),
          OrderRejected.class,
          EnumSet.of(
              ReservationOutcome.RELEASED,
              ReservationOutcome.TOMBSTONED,
              ReservationOutcome.UNCHANGED,
              ReservationOutcome.SUPERSEDED));

  private final OrderEventHandler handler;
  private final MeterRegistry meters;

  CountedOutcomes(OrderEventHandler handler, MeterRegistry meters) {
    this.handler = handler;
    this.meters = meters;
    OUTCOMES.forEach(
        (type, outcomes) -> outcomes.forEach(outcome -> counter(EventTypes.nameOf(type), outcome)));
  }

  @Override
  public Optional<ReservationOutcome> handle(OrderEvent event) {
    var outcome = handler.handle(event);
    outcome.ifPresent(done -> count(event, done));
    return outcome;
  }

  /**
   * Counts nothing: the listener counts each order of the result ({@link #count}) in the logging
   * context of its own record, which a whole batch does not have.
   */
  @Override
  public Map<String, ReservationOutcome> reserveAll(List<Placed> placed) {
    return handler.reserveAll(placed);
  }

  /** Counts nothing, as {@link #reserveAll}. */
  @Override
  public Map<String, ReservationOutcome> releaseAll(List<Releasing> releasing) {
    return handler.releaseAll(releasing);
  }

  @Override
  public void count(OrderEvent event, ReservationOutcome outcome) {
    log.info("{} of order {}: {}", event.type(), event.orderId(), outcome.tag());
    counter(event.type(), outcome).increment();
  }

  private Counter counter(String event, ReservationOutcome outcome) {
    return Counter.builder("inventory.reservation.outcomes")
        .description("Order events handled, by what handling them did")
        .baseUnit("events")
        .tag("event", event)
        .tag("outcome", outcome.tag())
        .register(meters);
  }
}
