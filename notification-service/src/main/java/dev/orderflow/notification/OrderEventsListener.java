package dev.orderflow.notification;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows every order: a placement is remembered for the emails to come, a terminal state is
 * emailed. Records of one order share a partition, so its placement is handled before its outcome.
 */
@Component
class OrderEventsListener {

  private final PlacedOrders orders;
  private final OrderNotifier notifier;

  OrderEventsListener(PlacedOrders orders, OrderNotifier notifier) {
    this.orders = orders;
    this.notifier = notifier;
  }

  @KafkaListener(topics = "orders.events")
  void on(OrderEvent event) {
    if (event instanceof OrderPlaced placed) {
      orders.remember(placed);
    }
    OrderOutcome.of(event).ifPresent(notifier::deliver);
  }
}
