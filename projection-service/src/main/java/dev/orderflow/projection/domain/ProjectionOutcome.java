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

  /**
   * Whether the view is announced on the live stream after this outcome: when the event changed it,
   * and again when the event is found already applied. A record is seen again when its first
   * handling failed or was cut short, and that handling may have stored the view and stopped before
   * announcing it (a bulk write whose second command failed, a crash): announcing what is stored
   * makes the stream at least once. A client may see a view twice, never miss one.
   */
  default boolean announced() {
    return switch (this) {
      case Applied<V> applied -> true;
      case Parked<V> parked -> false;
      case Skipped<V> skipped -> skipped.reason() == SkipReason.DUPLICATE;
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
