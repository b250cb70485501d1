package dev.orderflow.order.adapter.kafka;

import dev.orderflow.events.InventoryEvent;
import dev.orderflow.events.ReservationEvent.StockReleased;
import dev.orderflow.events.ReservationEvent.StockReservationFailed;
import dev.orderflow.events.ReservationEvent.StockReserved;
import dev.orderflow.events.StockEvent.StockLevelChanged;
import dev.orderflow.events.Topics;
import dev.orderflow.order.application.OrderCommandHandler;
import dev.orderflow.order.domain.OrderNotFoundException;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * order-service's side of the saga: a reservation confirms the order, a failed reservation rejects
 * it. Both are idempotent (the aggregate decides nothing for an order already decided), so a
 * redelivered or duplicated record changes nothing. An order that keeps changing under the command
 * ends in the platform's {@code ContentionException}, which the container retries later.
 */
@Component
class InventoryEventsListener {

  private final OrderCommandHandler orders;

  InventoryEventsListener(OrderCommandHandler orders) {
    this.orders = orders;
  }

  @KafkaListener(topics = Topics.Names.INVENTORY_EVENTS)
  void on(InventoryEvent event) {
    try {
      switch (event) {
        case StockReserved reserved -> orders.confirm(reserved.orderId());
        case StockReservationFailed failed -> orders.reject(failed.orderId(), failed.reason());
        // Releases follow from the order's own cancel; stock levels are the read side's concern.
        case StockReleased released -> {}
        case StockLevelChanged changed -> {}
      }
    } catch (OrderNotFoundException e) {
      throw new UnprocessableEventException(
          event.type() + " for an unknown order: " + e.getMessage());
    }
  }
}
