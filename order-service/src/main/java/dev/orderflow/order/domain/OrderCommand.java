package dev.orderflow.order.domain;

import dev.orderflow.events.CancellationReason;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.RejectionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What someone asks of an order. {@code at} is when they asked: the time of the resulting events.
 */
public sealed interface OrderCommand {

  String orderId();

  Instant at();

  record PlaceOrder(String orderId, String customerId, List<OrderLine> lines, Instant at)
      implements OrderCommand {

    public PlaceOrder {
      lines = List.copyOf(lines);
    }
  }

  /** Inventory reserved every line. */
  record ConfirmOrder(String orderId, Instant at) implements OrderCommand {}

  /** Inventory could not reserve the order, for {@code reason}. */
  record RejectOrder(String orderId, RejectionReason reason, Instant at) implements OrderCommand {}

  record CancelOrder(String orderId, CancellationReason reason, Instant at)
      implements OrderCommand {}

  /**
   * The saga's deadline: an order inventory has not answered within {@code deadline} of being
   * placed is rejected, so that no order stays pending for ever when a reservation never comes.
   */
  record TimeOutOrder(String orderId, Duration deadline, Instant at) implements OrderCommand {

    /** The {@code OrderRejected} reason of a timed-out order. */
    public static final RejectionReason REASON = RejectionReason.TIMEOUT;
  }
}
