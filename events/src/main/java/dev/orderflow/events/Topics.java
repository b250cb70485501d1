package dev.orderflow.events;

import java.util.List;

/**
 * Every topic of the system, in one place. Code names a topic only through this class: {@link
 * Names} for annotations, which need constants, the {@link Topic}s everywhere else.
 */
public final class Topics {

  /** The topics' names as constants, e.g. for {@code @KafkaListener(topics = ...)}. */
  public static final class Names {

    public static final String ORDER_EVENTS = "orders.events";
    public static final String INVENTORY_EVENTS = "inventory.events";
    public static final String NOTIFICATION_EVENTS = "notifications.events";

    private Names() {}
  }

  /** Order lifecycle, keyed by order id; events of one order are in version order. */
  public static final Topic<OrderEvent> ORDER_EVENTS =
      new Topic<>(Names.ORDER_EVENTS, OrderEvent.class);

  /**
   * Reservation outcomes keyed by order id ({@link ReservationEvent}), stock levels keyed by sku.
   */
  public static final Topic<InventoryEvent> INVENTORY_EVENTS =
      new Topic<>(Names.INVENTORY_EVENTS, InventoryEvent.class);

  /** Email outcomes, keyed by order id. */
  public static final Topic<NotificationEvent> NOTIFICATION_EVENTS =
      new Topic<>(Names.NOTIFICATION_EVENTS, NotificationEvent.class);

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
