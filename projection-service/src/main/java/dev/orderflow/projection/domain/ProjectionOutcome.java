package dev.orderflow.projection.domain;

/**
 * What applying one event did to a view of type {@code V}, as decided by a pure projector. The
 * caller stores the view when {@link #changesView()} and counts every outcome.
 */
public sealed interface ProjectionOutcome<V> {

  /** The view after the event; the same view when nothing changed. */
  V view();

  /** Whether the view has to be written back. */
  default boolean changesView() {
    return switch (this) {
      case Applied<V> applied -> true;
      case Parked<V> parked -> true;
      case Skipped<V> skipped -> false;
    };
  }

  /** The event changed what the view shows: store it and announce the change. */
  record Applied<V>(V view) implements ProjectionOutcome<V> {}

  /**
   * The event came before its turn (an earlier one is still missing): the view keeps it, unapplied,
   * and applies it once the gap is filled. Counted as skipped, reason {@link SkipReason#EARLY}.
   */
  record Parked<V>(V view) implements ProjectionOutcome<V> {}

  /** The view already holds the event or something newer: nothing to store. */
  record Skipped<V>(V view, SkipReason reason) implements ProjectionOutcome<V> {}
}
