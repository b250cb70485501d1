package dev.orderflow.order.application;

import dev.orderflow.events.OrderEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placements made at the same moment share their write (issue 19): one thread, the flusher, takes
 * the placements waiting (at most {@code maxGroup}, lingering at most {@code linger} for more once
 * it has one), writes the commits of the whole group with one insert (each carries its order's
 * deadline reminder, so that is all a placement writes), and only then answers each placement. So a
 * request is answered only once its write returned, with the write concern of one placement's:
 * acknowledged still means durable (ADR 12).
 *
 * <ul>
 *   <li>A commit whose {@code _id} was taken (another writer, or an earlier placement of the group
 *       with the same idempotency key) stored nothing: that placement answers false, once the
 *       group's writes returned, and its caller reads again and finds the order that won.
 *   <li>A write that fails fails every placement of the group with its exception: none is answered
 *       as stored.
 *   <li>At most {@code capacity} placements wait: one more is refused at once with {@link
 *       PlacementsOverloadedException}, so waiting requests cannot pile up without bound.
 * </ul>
 */
public final class GroupCommit implements Placements, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final OrderEventStore store;
  private final int maxGroup;
  private final long lingerNanos;
  private final IntConsumer groupSizes;
  private final Runnable refused;
  private final BlockingQueue<Waiting> queue;
  private final Thread flusher;
  private volatile boolean closed;

  /**
   * @param groupSizes hears the size of every group written
   * @param refused hears every placement refused because {@code capacity} were waiting
   */
  public GroupCommit(
      OrderEventStore store,
      int maxGroup,
      Duration linger,
      int capacity,
      IntConsumer groupSizes,
      Runnable refused) {
    if (maxGroup < 1 || capacity < maxGroup) {
      throw new IllegalArgumentException(
          "A group commit needs maxGroup >= 1 and capacity >= maxGroup");
    }
    this.store = store;
    this.maxGroup = maxGroup;
    this.lingerNanos = linger.toNanos();
    this.groupSizes = groupSizes;
    this.refused = refused;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.flusher = Thread.ofPlatform().daemon().name("order-group-commit").start(this::run);
  }

  /** Waits until the placement's group is written; see the class comment. */
  @Override
  public boolean place(OrderStream stream, List<OrderEvent> events) {
    if (closed) {
      throw new IllegalStateException("The group commit is closed");
    }
    // Prepared here, in the request's thread: the commit carries the request's trace.
    var waiting = new Waiting(store.prepare(stream, events), new CompletableFuture<>());
    if (!queue.offer(waiting)) {
      refused.run();
      throw new PlacementsOverloadedException(queue.size());
    }
    if (closed && queue.remove(waiting)) {
      throw new IllegalStateException("The group commit is closed");
    }
    try {
      return waiting.answer().join();
    } catch (CompletionException e) {
      // The group's one exception, wrapped for this request: its own stack, nothing shared.
      throw new GroupWriteFailedException(e.getCause() == null ? e : e.getCause());
    }
  }

  /** How many placements wait for a group now (not counting the group being written). */
  public int waiting() {
    return queue.size();
  }

  /** Writes what is waiting, then stops the flusher; a placement after that is refused. */
  @Override
  public void close() {
    // Not interrupted: a write under way completes, and the flusher sees this within a poll.
    closed = true;
    try {
      flusher.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    var left = new ArrayList<Waiting>();
    queue.drainTo(left);
    left.forEach(waiting ->
        waiting
            .answer()
            .completeExceptionally(new IllegalStateException("The group commit is closed")));
  }

  private void run() {
    var group = new ArrayList<Waiting>(maxGroup);
    while (!closed || !queue.isEmpty()) {
      try {
        var first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        queue.drainTo(group, maxGroup - group.size());
        var until = System.nanoTime() + lingerNanos;
        while (group.size() < maxGroup && !closed) {
          var left = until - System.nanoTime();
          var next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
          if (next == null) {
            break;
          }
          group.add(next);
          queue.drainTo(group, maxGroup - group.size());
        }
      } catch (InterruptedException e) {
        // Nobody but the JVM's end interrupts the flusher: stop taking placements, write what is
        // taken and what waits, then stop.
        log.error("The group commit's flusher was interrupted: placements are refused from now on");
        closed = true;
        queue.drainTo(group, maxGroup - group.size());
      }
      if (!group.isEmpty()) {
        write(group);
        group.clear();
      }
    }
  }

  private void write(List<Waiting> group) {
    try {
      var lost = store.appendAll(group.stream().map(Waiting::commit).toList());
      groupSizes.accept(group.size());
      for (int i = 0; i < group.size(); i++) {
        group.get(i).answer().complete(!lost.contains(i));
      }
    } catch (Throwable e) {
      // Never lets the flusher die: every later placement would wait for ever.
      log.warn("The write of a group of {} placements failed: {}", group.size(), e.toString());
      group.forEach(waiting -> waiting.answer().completeExceptionally(e));
    }
  }

  /**
   * The write of a placement's group failed: the request fails with the cause, as one placement's
   * own write failing does.
   */
  public static final class GroupWriteFailedException extends RuntimeException {

    GroupWriteFailedException(Throwable cause) {
      super("The write of this placement's group failed: " + cause, cause);
    }
  }

  /** A placement waiting for its group's write. */
  private record Waiting(
      OrderEventStore.PreparedAppend commit, CompletableFuture<Boolean> answer) {}
}
