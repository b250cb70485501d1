package dev.orderflow.platform.outbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One instance's hand-offs: queued, then one batch at a time sent and not yet acknowledged, then
 * acknowledged by Kafka and not yet marked published in their outbox ({@link #unmarked}): marks are
 * written for many batches at once, later, so a message waits there for the next one.
 *
 * <p>A source may mark a whole document published at once (order-service's event store marks a
 * commit, with all of its events), so the queue never splits one: a hand-off is taken whole or not
 * at all ({@link #offer}), and a batch never ends inside a document ({@link #next}). A batch moves
 * from the queue to {@link #inFlightKeys unacknowledged} in one step, and on to unmarked in
 * another, so the sweep always sees it in one of the three.
 */
final class HandOffQueue {

  private final int capacity;
  private final ArrayDeque<OutboxMessage> queued = new ArrayDeque<>();
  private List<OutboxMessage> unacknowledged = List.of();
  // Published, not yet marked, by event id, oldest first; at most capacity of them.
  private final LinkedHashMap<String, OutboxMessage> unmarked = new LinkedHashMap<>();

  HandOffQueue(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Queues all of {@code messages}, or none if they do not all fit; false then. Those this instance
   * has published and not yet marked are left out: a writer hands the unpublished messages of its
   * key over again in front of its own (ADR 2), and these are on Kafka already, ahead of it.
   */
  synchronized boolean offer(List<OutboxMessage> messages) {
    var toQueue = anyUnmarked(messages) ? withoutUnmarked(messages) : messages;
    if (queued.size() + toQueue.size() > capacity) {
      return false;
    }
    queued.addAll(toQueue);
    notifyAll();
    return true;
  }

  private boolean anyUnmarked(List<OutboxMessage> messages) {
    if (unmarked.isEmpty()) {
      return false;
    }
    for (var message : messages) {
      if (unmarked.containsKey(message.eventId())) {
        return true;
      }
    }
    return false;
  }

  private List<OutboxMessage> withoutUnmarked(List<OutboxMessage> messages) {
    return messages.stream().filter(message -> !unmarked.containsKey(message.eventId())).toList();
  }

  /**
   * The batch to send next: the unacknowledged one again if there is one, else the next {@code
   * batchSize} queued messages, and those of the last one's document that follow them; waits up to
   * {@code wait} for one. Empty if none came. It stays unacknowledged until {@link #acknowledged}.
   */
  synchronized List<OutboxMessage> next(int batchSize, Duration wait) throws InterruptedException {
    if (!unacknowledged.isEmpty()) {
      return unacknowledged;
    }
    var deadline = System.nanoTime() + wait.toNanos();
    while (queued.isEmpty()) {
      var left = deadline - System.nanoTime();
      if (left <= 0) {
        return List.of();
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    var batch = new ArrayList<OutboxMessage>(Math.min(batchSize, queued.size()));
    while (!queued.isEmpty()
        && (batch.size() < batchSize || sameDocument(batch.getLast(), queued.getFirst()))) {
      batch.add(queued.removeFirst());
    }
    unacknowledged = List.copyOf(batch);
    return unacknowledged;
  }

  /** Everything left, as one batch, unacknowledged until {@link #acknowledged}: for stopping. */
  synchronized List<OutboxMessage> drain() {
    var rest = new ArrayList<>(unacknowledged);
    rest.addAll(queued);
    queued.clear();
    unacknowledged = List.copyOf(rest);
    return unacknowledged;
  }

  /**
   * Kafka acknowledged the unacknowledged batch: it waits, unmarked, for {@link #marked}. Beyond
   * {@code capacity} unmarked messages the oldest are let go unmarked (a sweep publishes them
   * again, a duplicate); answers how many.
   */
  synchronized int acknowledged() {
    unacknowledged.forEach(message -> unmarked.put(message.eventId(), message));
    unacknowledged = List.of();
    int dropped = 0;
    var oldest = unmarked.values().iterator();
    while (unmarked.size() > capacity) {
      oldest.next();
      oldest.remove();
      dropped++;
    }
    return dropped;
  }

  /** Every message published and not yet marked, oldest first. */
  synchronized List<OutboxMessage> unmarked() {
    return List.copyOf(unmarked.values());
  }

  synchronized int unmarkedCount() {
    return unmarked.size();
  }

  /** These messages were marked published in their outbox. */
  synchronized void marked(Collection<OutboxMessage> messages) {
    messages.forEach(message -> unmarked.remove(message.eventId()));
  }

  /** The keys of every message queued, unacknowledged or unmarked. */
  synchronized Set<String> inFlightKeys() {
    var keys = new HashSet<String>();
    unacknowledged.forEach(message -> keys.add(message.key()));
    queued.forEach(message -> keys.add(message.key()));
    unmarked.values().forEach(message -> keys.add(message.key()));
    return keys;
  }

  /** Drops queued messages that were published otherwise (by a sweep). */
  synchronized void forget(Set<String> eventIds) {
    queued.removeIf(message -> eventIds.contains(message.eventId()));
  }

  /** Messages queued or unacknowledged: not yet on Kafka. */
  synchronized int size() {
    return queued.size() + unacknowledged.size();
  }

  private static boolean sameDocument(OutboxMessage last, OutboxMessage next) {
    return last.source().equals(next.source()) && last.documentId().equals(next.documentId());
  }
}
