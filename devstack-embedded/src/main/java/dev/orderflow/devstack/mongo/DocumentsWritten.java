package dev.orderflow.devstack.mongo;

import com.mongodb.client.MongoClient;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;

/**
 * The client's side of {@link DocumentWrites}: the documents the {@code mongo} part has inserted,
 * updated and deleted since it started, by collection ({@code <database>.<collection>}), read with
 * its {@code top} command. {@code ./devstack mongo DATABASE} shows them; {@code ./devstack bench}
 * counts them per order.
 */
public final class DocumentsWritten {

  private DocumentsWritten() {}

  /** One collection's counts. */
  public record Counts(long inserted, long updated, long deleted) {}

  /**
   * Every collection's counts, the databases' own ({@code system.*}) left out.
   *
   * @throws com.mongodb.MongoException from a server that does not answer {@code top}
   *     (mongo-java-server's in-memory backend, say)
   */
  public static Map<String, Counts> read(MongoClient client) {
    var totals =
        client
            .getDatabase("admin")
            .runCommand(new Document("top", 1))
            .get("totals", Document.class);
    var counts = new TreeMap<String, Counts>();
    if (totals == null) {
      return counts;
    }
    totals.forEach((namespace, value) -> {
      if (value instanceof Document ops && !namespace.contains(".system.")) {
        counts.put(
            namespace,
            new Counts(count(ops, "insert"), count(ops, "update"), count(ops, "remove")));
      }
    });
    return counts;
  }

  private static long count(Document ops, String op) {
    return ops.get(op) instanceof Document entry && entry.get("count") instanceof Number count
        ? count.longValue()
        : 0;
  }
}
