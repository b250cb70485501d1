package dev.orderflow.order.application;

import dev.orderflow.platform.concurrency.WriteBehind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Reminders whose removals wait and go to the store together (issue 19): a decided order's reminder
 * is forgotten at the next flush, every {@code interval}, with one write for every order decided
 * since, instead of a write per batch of replies. A reminder is a hint (ADR 9), so one that stays a
 * moment longer, or for good after a crash, costs the deadline sweep a load of an order it then
 * finds decided, never a wrong decision.
 *
 * <ul>
 *   <li>{@link #placedBefore} flushes first, so the sweep never loads an order this process already
 *       knows is decided.
 *   <li>A flush that fails keeps its removals for the next one; the failure is logged and counted.
 *       At most {@code capacity} removals wait: beyond that the oldest are given up (counted), and
 *       the sweep drops their reminders when it finds their orders decided.
 *   <li>{@link #close} flushes what is left.
 * </ul>
 *
 * With an {@code interval} of zero every removal is written at once, as the store alone would. The
 * waiting, flushing and counting are {@link WriteBehind}'s.
 */
public final class DeferredRemovals implements PendingOrders, AutoCloseable {

  private final PendingOrders store;
  private final WriteBehind<String, String> removals;

  /**
   * @param failed hears every flush that failed
   * @param dropped hears every removal given up because {@code capacity} were waiting
   */
  public DeferredRemovals(
      PendingOrders store, Duration interval, int capacity, Runnable failed, Runnable dropped) {
    this.store = store;
    this.removals =
        new WriteBehind<>(
            "removals of deadline reminders",
            interval,
            capacity,
            (waiting, again) -> waiting,
            waiting -> store.removeAll(new ArrayList<>(waiting.keySet())),
            failed,
            dropped);
  }

  @Override
  public void remove(String orderId) {
    removeAll(List.of(orderId));
  }

  /** Waits for the next flush; written at once when there is no interval. */
  @Override
  public void removeAll(Collection<String> orderIds) {
    var waiting = new LinkedHashMap<String, String>();
    orderIds.forEach(orderId -> waiting.put(orderId, orderId));
    removals.addAll(waiting);
  }

  @Override
  public List<String> placedBefore(Instant cutoff, int limit) {
    flush();
    return store.placedBefore(cutoff, limit);
  }

  /** How many removals wait for the next flush. */
  public int waiting() {
    return removals.waiting();
  }

  /** Writes the removals waiting, with one write; keeps them if it fails. */
  public void flush() {
    removals.flush();
  }

  /** Flushes what waits and stops the flusher; a removal after that is written at once. */
  @Override
  public void close() {
    removals.close();
  }
}
