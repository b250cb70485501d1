package dev.orderflow.devstack.mongo;

import de.bwaldvogel.mongo.bson.Document;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many documents the {@code mongo} part has inserted, updated and deleted since it started, per
 * collection: what every order costs the embedded database is the documents it writes (each one a
 * lookup in every index and a page written), so this is what {@code ./devstack bench} counts per
 * order (docs/engineering/benchmarks.md).
 *
 * <p>Read with the commands real MongoDB answers for the same question: {@code serverStatus}'s
 * {@code metrics.document} (the totals) and {@code top} on {@code admin} (per namespace). One
 * difference: real MongoDB's {@code top} counts operations, this one documents, so an {@code
 * insertMany} of 50 counts 50 here. An upsert that inserts counts as inserted, an update that
 * changes nothing as nothing; counts start at zero with the process. A store still in the format
 * before {@link BsonCollection} (opened as it was written) counts nothing.
 */
final class DocumentWrites {

  private final Map<String, Counts> byNamespace = new ConcurrentHashMap<>();

  /** The counts of one collection, {@code <database>.<collection>}. */
  Counts of(String namespace) {
    return byNamespace.computeIfAbsent(namespace, name -> new Counts());
  }

  /** {@code metrics.document} of {@code serverStatus}: the totals of every collection. */
  Document totals() {
    long inserted = 0;
    long updated = 0;
    long deleted = 0;
    for (var counts : byNamespace.values()) {
      inserted += counts.inserted.sum();
      updated += counts.updated.sum();
      deleted += counts.deleted.sum();
    }
    return new Document("inserted", inserted).append("updated", updated).append("deleted", deleted);
  }

  /** The answer to {@code top}, shaped as MongoDB's: {@code totals.<namespace>.insert.count}... */
  Document top() {
    var totals = new Document("note", "all times in microseconds; counts are documents");
    new TreeMap<>(byNamespace)
        .forEach((namespace, counts) ->
            totals.append(
                namespace,
                new Document("insert", entry(counts.inserted.sum()))
                    .append("update", entry(counts.updated.sum()))
                    .append("remove", entry(counts.deleted.sum()))));
    return new Document("totals", totals).append("ok", 1.0);
  }

  private static Document entry(long count) {
    return new Document("time", 0L).append("count", count);
  }

  /** One collection's counters, which its writes add to. */
  static final class Counts {

    private final LongAdder inserted = new LongAdder();
    private final LongAdder updated = new LongAdder();
    private final LongAdder deleted = new LongAdder();

    void inserted() {
      inserted.increment();
    }

    void updated() {
      updated.increment();
    }

    void deleted() {
      deleted.increment();
    }
  }
}
