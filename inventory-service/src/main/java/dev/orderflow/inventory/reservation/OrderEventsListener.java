package dev.orderflow.inventory.reservation;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderCancelled;
import dev.orderflow.events.OrderEvent.OrderConfirmed;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderEvent.OrderRejected;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * inventory-service's side of the saga: a placed order is reserved, a cancelled or rejected one is
 * released. Every handler is idempotent, so a redelivered or duplicated record changes nothing, and
 * each outcome is counted ({@code inventory_reservation_outcomes_events_total}).
 */
@Component
class OrderEventsListener {

  private static final Logger log = LoggerFactory.getLogger(OrderEventsListener.class);

  private final StockReservations reservations;

  private final MeterRegistry meters;
  private final SlowConsumer slowConsumer;

  OrderEventsListener(
      StockReservations reservations, MeterRegistry meters, SlowConsumer slowConsumer) {
    this.reservations = reservations;
    this.meters = meters;
    this.slowConsumer = slowConsumer;
  }

  @KafkaListener(topics = Topics.Names.ORDER_EVENTS)
  void on(OrderEvent event) {
    slowConsumer.holdUp();
    switch (event) {
      case OrderPlaced placed -> count(placed, reserve(placed));
      case OrderCancelled cancelled -> count(cancelled, reservations.release(cancelled.orderId()));
      // Compensation: a rejected order holds nothing, unless its reservation was made after all,
      // e.g. one that arrived after a saga deadline had already rejected the order.
      case OrderRejected rejected -> count(rejected, reservations.release(rejected.orderId()));
      case OrderConfirmed confirmed -> {}
    }
  }

  private ReservationOutcome reserve(OrderPlaced placed) {
    try {
      return reservations.reserve(placed.orderId(), placed.lines());
    } catch (UnreservableOrderException e) {
      throw new UnprocessableEventException(
          "Order " + placed.orderId() + " cannot be reserved: " + e.getMessage());
    }
  }

  /** Logs (the order's id is in the logging context) and counts what handling the event did. */
  private void count(OrderEvent event, ReservationOutcome outcome) {
    log.info("{} of order {}: {}", event.type(), event.orderId(), outcome.tag());
    Counter.builder("inventory.reservation.outcomes")
        .description("Order events handled, by what handling them did")
        .baseUnit("events")
        .tag("event", event.type())
        .tag("outcome", outcome.tag())
        .register(meters)
        .increment();
  }
}
