package dev.orderflow.order.adapter.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.orderflow.platform.concurrency.WriteBehind;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import org.bson.Document;

/**
 * The relay's marks of placements published, held for their orders' decisions (issue 19). An
 * order's first commit carries both its outbox flag and its saga deadline's reminder, so a mark
 * that waits until the order is decided goes to the store in the reminder's removal, one update of
 * the document instead of two ({@link MongoPendingOrders#removeAll}). A mark nobody took is written
 * alone at the second flush after it came, one to two {@code interval}s later, all of them in one
 * {@code updateMany}: well inside the relay's 2 s sweep grace, after which a sweep (on whichever
 * instance holds its lease) would publish the placement again.
 *
 * <p>Like any mark, a held one only spares the relay work: lost in a crash, or given up beyond
 * {@code capacity} (counted), its placement is published again by a sweep, a duplicate its
 * consumers skip. With an {@code interval} of zero nothing is held ({@link #holds} is false) and
 * the event store marks placements as it marks every other commit.
 */
final class PlacementMarks implements AutoCloseable {

  /** A mark is written at its second flush: it comes {@code NEW} and waits one as {@code OLD}. */
  private enum Age {
    NEW,
    OLD
  }

  private final WriteBehind<String, Age> marks;
  private final boolean holds;

  /**
   * @param failed hears every flush that failed
   * @param dropped hears every mark given up because {@code capacity} were waiting
   */
  PlacementMarks(
      MongoCollection<Document> commits,
      Duration interval,
      int capacity,
      Runnable failed,
      Runnable dropped) {
    this.holds = !interval.isZero();
    this.marks =
        new WriteBehind<>(
            "marks of placements published",
            interval,
            capacity,
            (waiting, again) -> waiting,
            mark -> mark == Age.NEW ? Age.OLD : null,
            waiting ->
                commits.updateMany(
                    Filters.in("_id", MongoOrderEventStore.firstCommitIds(waiting.keySet())),
                    Updates.set(MongoOrderEventStore.PUBLISHED, true)),
            failed,
            dropped);
  }

  /** Holds nothing: every mark is written by the event store with the others. */
  static PlacementMarks none(MongoCollection<Document> commits) {
    return new PlacementMarks(commits, Duration.ZERO, 1, () -> {}, () -> {});
  }

  /** Whether marks are held; if not, the event store writes placements' marks itself. */
  boolean holds() {
    return holds;
  }

  /** Kafka acknowledged the placements of {@code orderIds}: their marks wait. */
  void published(Collection<String> orderIds) {
    var published = new LinkedHashMap<String, Age>();
    orderIds.forEach(orderId -> published.put(orderId, Age.NEW));
    marks.addAll(published);
  }

  /** The orders among {@code orderIds} whose marks waited; they wait no longer. */
  Set<String> take(Collection<String> orderIds) {
    var taken = new HashSet<String>();
    for (var orderId : orderIds) {
      if (marks.take(orderId) != null) {
        taken.add(orderId);
      }
    }
    return taken;
  }

  /** Marks taken by a write that then failed: they wait again, to be written at the next flush. */
  void putBack(Collection<String> orderIds) {
    var back = new LinkedHashMap<String, Age>();
    orderIds.forEach(orderId -> back.put(orderId, Age.OLD));
    marks.addAll(back);
  }

  /** How many marks wait. */
  int waiting() {
    return marks.waiting();
  }

  /** Writes the marks that waited one flush already. */
  void flush() {
    marks.flush();
  }

  /** Writes every mark waiting; a mark after that is written at once. */
  @Override
  public void close() {
    marks.close();
  }
}
