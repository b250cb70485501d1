package dev.orderflow.projection.intake;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.InventoryEvent.StockLevelChanged;
import dev.orderflow.events.InventoryEvent.StockReleased;
import dev.orderflow.events.InventoryEvent.StockReservationFailed;
import dev.orderflow.events.InventoryEvent.StockReserved;
import dev.orderflow.events.NotificationEvent;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.projection.order.OrderProjection;
import dev.orderflow.projection.stock.StockProjection;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds every event to its projection. One listener for all three topics, because one consumer
 * group can only have one listener per topic: the reservation outcomes and the stock levels share
 * {@code inventory.events}. A new event type does not compile until it is routed here.
 */
@Component
class ProjectionListener {

  private final OrderProjection orders;
  private final StockProjection stock;

  ProjectionListener(OrderProjection orders, StockProjection stock) {
    this.orders = orders;
    this.stock = stock;
  }

  @KafkaListener(topics = {"orders.events", "inventory.events", "notifications.events"})
  void on(DomainEvent event) {
    switch (event) {
      case OrderEvent e -> orders.apply(e);
      case StockReserved e -> orders.apply(e);
      case StockReservationFailed e -> orders.apply(e);
      case StockReleased e -> orders.apply(e);
      case NotificationEvent e -> orders.apply(e);
      case StockLevelChanged e -> stock.apply(e);
    }
  }
}
