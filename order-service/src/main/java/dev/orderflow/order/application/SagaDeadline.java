package dev.orderflow.order.application;

import dev.orderflow.order.domain.OrderNotFoundException;
import dev.orderflow.platform.concurrency.ContentionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Rejects orders that inventory did not answer within the saga's deadline, so no order stays
 * pending for ever (a reservation lost with a crashed service, say). It goes through the same
 * command path as every other decision: an order decided meanwhile is left alone, and a reservation
 * arriving after the rejection is released by inventory when it sees {@code OrderRejected}.
 */
@Service
public class SagaDeadline {

  private final PendingOrders pending;
  private final OrderCommandHandler orders;
  private final SagaDeadlineProperties properties;
  private final Clock clock;

  public SagaDeadline(
      PendingOrders pending,
      OrderCommandHandler orders,
      SagaDeadlineProperties properties,
      Clock clock) {
    this.pending = pending;
    this.orders = orders;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * How many orders are still pending {@code grace} after their deadline, counting at most {@code
   * limit}: 0 while the deadline is enforced, more when the orders it should reject stay pending.
   */
  public int overdue(Duration grace, int limit) {
    var cutoff = clock.instant().minus(properties.sagaDeadline()).minus(grace);
    return pending.placedBefore(cutoff, limit).size();
  }

  /** Rejects the orders still pending after the deadline; returns the ids of those it rejected. */
  public List<String> rejectOverdue() {
    var deadline = properties.sagaDeadline();
    var overdue =
        pending.placedBefore(clock.instant().minus(deadline), properties.deadlineSweepBatchSize());
    var rejected = new ArrayList<String>();
    for (var orderId : overdue) {
      try {
        if (orders.timeOut(orderId, deadline)) {
          rejected.add(orderId);
        }
      } catch (OrderNotFoundException e) {
        // The reminder was written, the order's first commit was not (a crash or a failed write
        // in between): there is nothing to time out.
        pending.remove(orderId);
      } catch (ContentionException e) {
        // The order is changing right now, most likely being decided; the next sweep looks again.
      }
    }
    return rejected;
  }
}
