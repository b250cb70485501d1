package dev.orderflow.projection.generation;

import java.util.OptionalLong;

/**
 * What the live intake holds written behind ({@link WriteBehindProperties}), as the commits of its
 * polls need it: the intake commits a poll only once a flush that took its records has ended.
 */
public interface Unflushed {

  /**
   * Stores everything applied and not yet stored, and tells what derives from it.
   *
   * @return when what was flushed was taken ({@link System#nanoTime}): everything applied before is
   *     stored
   */
  long flush();

  /**
   * Stores what is due: everything but what may wait longer (the views of orders awaiting their
   * decision, {@link WriteBehindProperties#pendingOrders}), and tells what derives from it.
   *
   * @return a time ({@link System#nanoTime}) before which everything applied is stored
   */
  long flushDue();

  /** When a flush is due ({@link System#nanoTime}), if anything waits for one. */
  OptionalLong flushDueAt();

  /** Whether nothing applied waits to be stored. */
  boolean allFlushed();

  /** How many order views are changed in memory and not stored yet. */
  int unstoredViews();
}
