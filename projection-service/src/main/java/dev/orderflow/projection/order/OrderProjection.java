package dev.orderflow.projection.order;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.projection.OutcomeMetrics;
import dev.orderflow.projection.ProjectionOutcome;
import dev.orderflow.projection.ProjectionOutcome.Applied;
import dev.orderflow.projection.ViewBusyException;
import dev.orderflow.projection.order.OrderViewStore.StoredOrderView;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Keeps the order views up to date: read the view, let {@link OrderProjector} apply the event,
 * write the result back only if nobody wrote in between, else start over. Events of one order
 * arrive on three topics, so three listener threads may update one view at once; no MongoDB
 * transaction is needed, just single-document conditional writes.
 */
@Service
public class OrderProjection {

  public static final String NAME = "order";
  static final int ATTEMPTS = 10;

  /** A customer's order list is not paged yet: it shows the newest ones. */
  static final int CUSTOMER_ORDERS_LIMIT = 100;

  private final OrderViewStore store;
  private final OutcomeMetrics metrics;
  private final ApplicationEventPublisher changes;

  public OrderProjection(
      OrderViewStore store, MeterRegistry meters, ApplicationEventPublisher changes) {
    this.store = store;
    this.metrics = new OutcomeMetrics(NAME, meters);
    this.changes = changes;
  }

  /** Applies an event of an order (from any topic) to the order's view. */
  public ProjectionOutcome<OrderView> apply(DomainEvent event) {
    var orderId = event.subject();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      var stored = store.find(orderId);
      var current = stored.map(StoredOrderView::view).orElseGet(() -> OrderView.empty(orderId));
      var outcome = OrderProjector.apply(current, event);
      if (outcome.changesView() && !write(stored, outcome.view())) {
        continue;
      }
      metrics.count(outcome);
      if (outcome instanceof Applied<OrderView> applied) {
        changes.publishEvent(OrderViewChanged.of(applied.view()));
      }
      return outcome;
    }
    throw new ViewBusyException(NAME + "/" + orderId, ATTEMPTS);
  }

  /** The order, once its {@code OrderPlaced} has been applied. */
  public Optional<OrderView> find(String orderId) {
    return store.find(orderId).map(StoredOrderView::view).filter(OrderView::placed);
  }

  /** The customer's newest orders, newest first. */
  public List<OrderView> ofCustomer(String customerId) {
    return store.placedBy(customerId, CUSTOMER_ORDERS_LIMIT);
  }

  private boolean write(Optional<StoredOrderView> stored, OrderView next) {
    return stored.isPresent() ? store.replace(stored.get(), next) : store.insert(next);
  }
}
