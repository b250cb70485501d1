package dev.orderflow.platform.mongo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this process last wrote to each document of a collection (or read from it just before
 * writing), for code that updates documents optimistically (read, decide, write only if the
 * revision read is still there): the next update of the same document can decide on what was
 * written instead of reading it back first. Updates of one order, one sku or one hour come close
 * together, and the write names the revision it decided on, so a remembered state that is out of
 * date (another instance wrote since) costs one failed write, never a wrong one. An entry is taken
 * out when it is used and put back only by the next successful write or fresh read, so a retry
 * always reads what is stored; and since only a write checks the revision, a decision to write
 * nothing must be made on a fresh read. At most {@code capacity} entries; the least recently
 * written go first.
 *
 * <p>Measured under load: projection-service ~25 MongoDB commands per order to ~17,
 * inventory-service ~14 to ~10 (docs/engineering/benchmarks.md, where the CPU they cost is, too).
 */
public final class LastWritten<K, V> {

  /** Enough for the documents of a few seconds of orders at the rates a single instance takes. */
  public static final int CAPACITY = 1_024;

  private final Map<K, V> entries;

  public LastWritten(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.entries =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  public LastWritten() {
    this(CAPACITY);
  }

  /** The state last written under {@code key}, removed: it serves one decision at most. */
  public synchronized Optional<V> take(K key) {
    return Optional.ofNullable(entries.remove(key));
  }

  /** Remembers {@code written}, the state a write just stored under {@code key}. */
  public synchronized void put(K key, V written) {
    entries.remove(key);
    entries.put(key, written);
  }

  synchronized int size() {
    return entries.size();
  }
}
