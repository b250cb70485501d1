package dev.orderflow.inventory.reservation;

import dev.orderflow.platform.kafka.RetryLaterException;

/** The reservation of an order kept changing under a handler; worth retrying later. */
public class ReservationBusyException extends RetryLaterException {

  public ReservationBusyException(String orderId, int rounds) {
    super("Reservation of order %s kept changing during %d rounds".formatted(orderId, rounds));
  }
}
