package dev.orderflow.inventory.reservation;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.Topics;
import dev.orderflow.inventory.domain.UnreservableOrderException;
import dev.orderflow.platform.kafka.UnprocessableEventException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * inventory-service's side of the saga: a placed order is reserved, a cancelled or rejected one is
 * released ({@link OrderEventHandler}). Every handler is idempotent, so a redelivered or duplicated
 * record changes nothing; an order no retry can reserve goes to the dead-letter topic at once.
 */
@Component
class OrderEventsListener {

  private final OrderEventHandler handler;

  OrderEventsListener(OrderEventHandler handler) {
    this.handler = handler;
  }

  @KafkaListener(topics = Topics.Names.ORDER_EVENTS)
  void on(OrderEvent event) {
    try {
      handler.handle(event);
    } catch (UnreservableOrderException e) {
      throw new UnprocessableEventException(
          "Order " + event.orderId() + " cannot be reserved: " + e.getMessage());
    }
  }
}
