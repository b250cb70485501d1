package dev.orderflow.projection.generation;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.projection.customer.CustomerOrdersProjection;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.OrderProjection;
import dev.orderflow.projection.sales.SalesProjection;

/**
 * The read models of one generation of the {@code order} projection, and the order in which a
 * record reaches them: the order view first, then what derives from it. Each later write is
 * idempotent on its own (a version per customer-history entry, an offset per partition in the
 * counters), and the order view tells which versions this record applied first, so a record
 * redelivered after a crash between any two writes completes the rest and counts nothing twice.
 */
public record OrderReadSide(
    int generation,
    OrderProjection orders,
    CustomerOrdersProjection customers,
    SalesProjection sales) {

  public void apply(DomainEvent event, RecordPosition position) {
    var applied = orders.apply(event, position);
    var view = applied.outcome().view();
    if (!(event instanceof OrderEvent) || !view.placed()) {
      // Timeline events change neither a summary nor a count.
      return;
    }
    var transitions = applied.transitions();
    if (applied.outcome() instanceof Applied || !transitions.isEmpty()) {
      customers.apply(view);
    }
    if (!transitions.isEmpty()) {
      sales.apply(transitions, position);
    }
  }
}
