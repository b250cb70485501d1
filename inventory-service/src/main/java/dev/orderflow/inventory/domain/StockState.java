package dev.orderflow.inventory.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * What a {@link StockStep} decides on: a sku's levels and the markers of the steps applied to it,
 * keyed by {@link StockStep#marker()}, each holding the attempt that applied it.
 */
public record StockState(
    int onHand, int reserved, int available, long version, Map<String, Long> markers) {

  public StockState {
    markers = Map.copyOf(markers);
  }

  /** The state after {@code write}, the decision of {@code step}: what the store writes too. */
  StockState after(StockStep step, StockStep.Decision.Write write) {
    var marked = new HashMap<>(markers);
    if (write.marks()) {
      marked.put(step.marker(), step.attempt());
    } else {
      marked.remove(step.marker());
    }
    return new StockState(
        onHand,
        reserved - write.availableDelta(),
        available + write.availableDelta(),
        version + 1,
        marked);
  }

  /**
   * The state without {@code step}'s marker, if the marker is still that attempt's: the levels
   * stay, and so does the version.
   */
  StockState unmarked(StockStep step) {
    if (!Long.valueOf(step.attempt()).equals(markers.get(step.marker()))) {
      return this;
    }
    var marked = new HashMap<>(markers);
    marked.remove(step.marker());
    return new StockState(onHand, reserved, available, version, marked);
  }
}
