package dev.orderflow.inventory.reservation;

/** The reservation of an order kept changing under a handler; worth retrying later. */
public class ReservationBusyException extends RuntimeException {

  public ReservationBusyException(String orderId, int rounds) {
    super("Reservation of order %s kept changing during %d rounds".formatted(orderId, rounds));
  }
}
