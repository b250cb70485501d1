package dev.orderflow.notification;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows every order: a placement is remembered for the emails to come, a terminal state is
 * emailed. Records of one order share a partition, so its placement is handled before its outcome.
 *
 * <p>The same method also consumes the retry topics of {@code orders.events}
 * (OrderEventsRetryTopics), where a record comes back after its delay when its email was turned
 * away for now.
 */
@Component
class OrderEventsListener {

  /**
   * The listener's id; the listeners of its retry topics get ids starting with it. Not the group:
   * that stays {@code spring.kafka.consumer.group-id}, the service's name.
   */
  static final String ID = "order-events";

  private final PlacedOrders orders;
  private final OrderNotifier notifier;

  OrderEventsListener(PlacedOrders orders, OrderNotifier notifier) {
    this.orders = orders;
    this.notifier = notifier;
  }

  @KafkaListener(id = ID, idIsGroup = false, topics = Topics.Names.ORDER_EVENTS)
  void on(OrderEvent event) {
    if (event instanceof OrderPlaced placed) {
      orders.remember(placed);
    }
    OrderOutcome.of(event).ifPresent(notifier::deliver);
  }
}
