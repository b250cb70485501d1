package dev.orderflow.order.application;

/**
 * A placement refused because the group commit already has as many placements waiting as it takes
 * ({@link GroupCommit}): the service is overloaded, and the request is worth retrying later.
 */
public class PlacementsOverloadedException extends RuntimeException {

  public PlacementsOverloadedException(int waiting) {
    super(waiting + " placements are already waiting for their write; try again later");
  }
}
