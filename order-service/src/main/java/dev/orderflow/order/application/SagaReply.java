package dev.orderflow.order.application;

import dev.orderflow.events.RejectionReason;

/**
 * What inventory answered for an order, as {@link OrderCommandHandler#decideAll} takes it: the same
 * as a call of {@link OrderCommandHandler#confirm} or {@link OrderCommandHandler#reject}.
 */
public sealed interface SagaReply {

  String orderId();

  /** The stock is reserved: confirm the order. */
  record Reserved(String orderId) implements SagaReply {}

  /** The stock could not be reserved: reject the order with {@code reason}. */
  record ReservationFailed(String orderId, RejectionReason reason) implements SagaReply {}
}
