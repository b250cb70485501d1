package dev.orderflow.order.application;

import dev.orderflow.events.OrderEvent;
import java.util.List;

/**
 * What the business metrics hear from {@link OrderCommandHandler}: every append that was stored,
 * with the order's events before it, so that an outcome can be timed from the order's placement.
 */
public interface SagaMetrics {

  /** Hears nothing: for tests about something else. */
  SagaMetrics NONE = (history, appended) -> {};

  /**
   * @param history the order's events before the append, oldest first (empty for a placement)
   * @param appended the events just stored
   */
  void appended(List<OrderEvent> history, List<OrderEvent> appended);
}
