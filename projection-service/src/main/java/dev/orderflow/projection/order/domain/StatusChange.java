package dev.orderflow.projection.order.domain;

import java.time.Instant;
import java.util.Objects;

/** The status an order took with one of its versions, and when. */
public record StatusChange(long version, OrderStatus status, Instant at) {

  public StatusChange {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(at, "at");
  }
}
