package dev.orderflow.notification;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.Topics;
import dev.orderflow.notification.domain.Delivery;
import dev.orderflow.notification.domain.OrderOutcome;
import dev.orderflow.platform.kafka.DependencyUnavailableException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows every order: a placement is remembered for the emails to come, a terminal state is
 * emailed. Records of one order share a partition, so its placement is handled before its outcome.
 *
 * <p>An email turned away for now does not hold the record: its notification is marked deferred and
 * {@link DeferredEmailSweep} sends it later.
 */
@Component
class OrderEventsListener {

  /**
   * The listener's id, which {@link ConsumptionPause} pauses. Not the group: that stays {@code
   * spring.kafka.consumer.group-id}, the service's name.
   */
  static final String ID = "order-events";

  private final PlacedOrders orders;
  private final Notifier notifier;

  OrderEventsListener(PlacedOrders orders, Notifier notifier) {
    this.orders = orders;
    this.notifier = notifier;
  }

  @KafkaListener(id = ID, idIsGroup = false, topics = Topics.Names.ORDER_EVENTS)
  void on(OrderEvent event) {
    if (event instanceof OrderPlaced placed) {
      orders.remember(placed);
    }
    OrderOutcome.of(event).map(notifier::deliver).ifPresent(OrderEventsListener::settle);
  }

  /**
   * What becomes of the record once its email is dealt with: done (also when the email is deferred
   * and left to the sweep), or retried in place while SMTP is away (the platform's error handler
   * waits for a {@link DependencyUnavailableException}).
   */
  private static void settle(Delivery delivery) {
    switch (delivery) {
      case Delivery.Sent sent -> {}
      case Delivery.Duplicate duplicate -> {}
      case Delivery.CompletedElsewhere elsewhere -> {}
      case Delivery.GivenUp givenUp -> {}
      case Delivery.Deferred deferred -> {}
      case Delivery.LeftToSweep left -> {}
      case Delivery.WaitingForSmtp waiting ->
          throw new DependencyUnavailableException(
              waiting.notificationId() + " waits for SMTP: " + waiting.reason());
    }
  }
}
