package dev.orderflow.projection.generation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the live intake writes behind (issue 19).
 *
 * @param orderViews how long the order views a poll changed may wait in memory before they are
 *     stored, together with everything else changed meanwhile, and customer history and sales told
 *     of them: an order's events, which come in separate polls, then cost one write of its view
 *     instead of one each. The offsets of those polls are committed only after that. Zero stores
 *     them with each poll.
 * @param pendingOrders how long the view of an order awaiting its decision (pending, or not placed
 *     yet) may wait in memory, from its oldest change not stored, while flushes store the others:
 *     its placement, reservation and decision then cost one write of the view and customer history
 *     one write of the order, also when the saga takes longer than {@code orderViews}. Customer
 *     history shows such an order once it is decided or this long after, and the polls' offsets are
 *     committed that much later. No longer than {@code orderViews}: held no longer than any other
 *     view.
 */
@ConfigurationProperties("orderflow.projection.write-behind")
public record WriteBehindProperties(
    @DefaultValue("500ms") Duration orderViews, @DefaultValue("2s") Duration pendingOrders) {

  public WriteBehindProperties {
    if (orderViews.isNegative()) {
      throw new IllegalArgumentException(
          "orderflow.projection.write-behind.order-views must not be negative");
    }
    if (pendingOrders.isNegative()) {
      throw new IllegalArgumentException(
          "orderflow.projection.write-behind.pending-orders must not be negative");
    }
  }
}
