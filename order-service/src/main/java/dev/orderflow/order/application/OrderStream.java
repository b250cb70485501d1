package dev.orderflow.order.application;

import dev.orderflow.events.OrderEvent;
import java.util.List;

/** The events of one order as loaded, and the revision an append has to follow. */
public record OrderStream(String orderId, List<OrderEvent> events, StreamRevision revision) {

  public OrderStream {
    events = List.copyOf(events);
  }
}
