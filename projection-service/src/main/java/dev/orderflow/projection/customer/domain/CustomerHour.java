package dev.orderflow.projection.customer.domain;

import dev.orderflow.projection.domain.ProjectionOutcome;
import dev.orderflow.projection.domain.ProjectionOutcome.Applied;
import dev.orderflow.projection.domain.ProjectionOutcome.Skipped;
import dev.orderflow.projection.domain.SkipReason;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The orders a customer placed within one hour (UTC): the bucket a page of the customer's history
 * is read from by primary key. Each order is in it once, as of the highest version seen, so a
 * repeated or older version changes nothing.
 *
 * @param hour the bucket's key, e.g. {@code 2026-03-01T09}
 */
public record CustomerHour(String customerId, String hour, List<OrderSummary> orders) {

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  public CustomerHour {
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(hour, "hour");
    orders = List.copyOf(orders);
  }

  /** The hour key of an instant: its bucket. */
  public static String hourOf(Instant at) {
    return HOUR.format(at.truncatedTo(ChronoUnit.HOURS));
  }

  public static CustomerHour empty(String customerId, String hour) {
    return new CustomerHour(customerId, hour, List.of());
  }

  /** The bucket with {@code summary} in it, unless it holds that version or a newer one already. */
  public ProjectionOutcome<CustomerHour> with(OrderSummary summary) {
    if (!hourOf(summary.placedAt()).equals(hour)) {
      throw new IllegalArgumentException(
          "Order " + summary.orderId() + " was not placed in the hour " + hour);
    }
    var next = new ArrayList<OrderSummary>(orders.size() + 1);
    for (var order : orders) {
      if (order.orderId().equals(summary.orderId())) {
        if (order.version() >= summary.version()) {
          var reason =
              order.version() == summary.version() ? SkipReason.DUPLICATE : SkipReason.STALE;
          return new Skipped<>(this, reason);
        }
      } else {
        next.add(order);
      }
    }
    next.add(summary);
    next.sort(OrderSummary.NEWEST_FIRST);
    return new Applied<>(new CustomerHour(customerId, hour, next));
  }
}
