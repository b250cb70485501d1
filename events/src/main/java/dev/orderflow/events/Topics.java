package dev.orderflow.events;

import java.util.List;

/** Every topic of the system, in one place. */
public final class Topics {

  /** Order lifecycle, keyed by order id; events of one order are in version order. */
  public static final Topic<OrderEvent> ORDER_EVENTS =
      new Topic<>("orders.events", OrderEvent.class);

  /** Reservation outcomes keyed by order id, stock levels keyed by sku. */
  public static final Topic<InventoryEvent> INVENTORY_EVENTS =
      new Topic<>("inventory.events", InventoryEvent.class);

  /** Email outcomes, keyed by order id. */
  public static final Topic<NotificationEvent> NOTIFICATION_EVENTS =
      new Topic<>("notifications.events", NotificationEvent.class);

  private static final List<Topic<?>> ALL =
      List.of(ORDER_EVENTS, INVENTORY_EVENTS, NOTIFICATION_EVENTS);

  private Topics() {}

  public static List<Topic<?>> all() {
    return ALL;
  }

  /** The topic an event is published to. */
  public static Topic<?> of(DomainEvent event) {
    return switch (event) {
      case OrderEvent e -> ORDER_EVENTS;
      case InventoryEvent e -> INVENTORY_EVENTS;
      case NotificationEvent e -> NOTIFICATION_EVENTS;
    };
  }
}
