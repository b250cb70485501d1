package dev.orderflow.projection.domain;

import java.util.Locale;

/** Why an event did not change a view when it arrived: the {@code reason} tag of the metric. */
public enum SkipReason {
  /** Already applied: a redelivery or a duplicate. */
  DUPLICATE,
  /** Ahead of a missing event: kept until the gap before it is filled. */
  EARLY,
  /** Older than what the view already shows (a view that keeps only the latest state). */
  STALE;

  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
