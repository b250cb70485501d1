package dev.orderflow.projection.generation;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.projection.customer.CustomerOrdersProjection;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.order.OrderProjection;
import dev.orderflow.projection.order.OrderProjection.OrderApplied;
import dev.orderflow.projection.order.domain.OrderView;
import dev.orderflow.projection.sales.SalesProjection;
import dev.orderflow.projection.sales.SalesStore;
import dev.orderflow.projection.sales.domain.Sales;
import java.util.ArrayList;
import java.util.List;

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

  public void apply(PositionedEvent record) {
    if (orders.writesBehind()) {
      applyAll(List.of(record));
      return;
    }
    derive(record.event(), record.position(), orders.apply(record));
  }

  /**
   * Applies a batch: every order view first, in one read and one write per kind ({@link
   * OrderProjection#applyAll}), then the customer histories of the orders whose view changed (the
   * newest view of each), then the sales of the versions each record applied first, each in one
   * read and one write per kind. The same write order as one record's, so a crash between any two
   * leaves what a crash between one record's writes leaves: the redelivered records find their
   * versions applied by their own positions and complete the rest.
   */
  public void applyAll(List<PositionedEvent> records) {
    var applied = orders.applyAll(records);
    if (!orders.writesBehind()) {
      deriveAll(records, applied);
    }
  }

  /**
   * Written behind: stores the order views changed since the last flush, then tells customer
   * history and sales of every record applied since, in the order applied, as of one batch ({@link
   * OrderProjection#flush}). A crash before its end leaves what a crash between one record's writes
   * leaves, for every record flushed: they were not committed, so they come again.
   *
   * @return when the records were taken ({@link System#nanoTime}): all applied before are done
   */
  public long flush() {
    return orders.flush(stored -> deriveAll(stored.records(), stored.results()));
  }

  /**
   * {@link #flush} as it is due: the views of orders awaiting their decision may wait longer
   * ({@link OrderProjection#flushDue}).
   *
   * @return a time ({@link System#nanoTime}) before which every record applied is done
   */
  public long flushDue() {
    return orders.flushDue(stored -> deriveAll(stored.records(), stored.results()));
  }

  private void deriveAll(List<PositionedEvent> records, List<OrderApplied> applied) {
    var changedViews = new ArrayList<OrderView>();
    var sold = new ArrayList<SalesStore.Sale>();
    for (int i = 0; i < records.size(); i++) {
      var record = records.get(i);
      var done = applied.get(i);
      var view = done.outcome().view();
      if (!(record.event() instanceof OrderEvent) || !view.placed()) {
        continue;
      }
      var transitions = done.transitions();
      if (done.outcome() instanceof Applied || !transitions.isEmpty()) {
        changedViews.add(view);
      }
      for (var sale : Sales.of(transitions)) {
        sold.add(new SalesStore.Sale(sale, record.position()));
      }
    }
    customers.applyAll(changedViews);
    sales.applyAll(sold);
  }

  private void derive(DomainEvent event, RecordPosition position, OrderApplied applied) {
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
