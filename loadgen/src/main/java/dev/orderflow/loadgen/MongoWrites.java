package dev.orderflow.loadgen;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.orderflow.devstack.mongo.DocumentsWritten;
import dev.orderflow.devstack.mongo.DocumentsWritten.Counts;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The documents the embedded MongoDB has written, per collection ({@code <database>.<collection>}):
 * its {@code top} command ({@link DocumentsWritten}), which counts documents inserted, updated and
 * deleted since the part started (real MongoDB's counts operations instead, so this is for the
 * bench's own stack). The bench reads it before and after a step: what an order costs the database
 * is the documents it writes (docs/engineering/benchmarks.md).
 */
final class MongoWrites implements AutoCloseable {

  private static final Counts NONE = new Counts(0, 0, 0);

  private final MongoClient client;

  private MongoWrites(MongoClient client) {
    this.client = client;
  }

  /** A client of the stack's MongoDB at {@code uri}. */
  static MongoWrites of(String uri) {
    return new MongoWrites(MongoClients.create(uri));
  }

  /**
   * The counts so far, by collection; the databases' own collections ({@code system.*}) left out.
   */
  Map<String, Counts> read() {
    return DocumentsWritten.read(client);
  }

  /**
   * What {@code orders} cost each collection between two readings, per order; collections that
   * wrote nothing in between are left out.
   */
  static Map<String, Writes> perOrder(
      Map<String, Counts> before, Map<String, Counts> after, long orders) {
    var perOrder = new LinkedHashMap<String, Writes>();
    if (orders == 0) {
      return perOrder;
    }
    after.forEach((namespace, now) -> {
      var was = before.getOrDefault(namespace, NONE);
      var during =
          new Writes(
              (double) (now.inserted() - was.inserted()) / orders,
              (double) (now.updated() - was.updated()) / orders,
              (double) (now.deleted() - was.deleted()) / orders);
      if (during.total() > 0) {
        perOrder.put(namespace, during);
      }
    });
    return perOrder;
  }

  /** The documents of every collection in {@code byCollection}. */
  static double total(Map<String, Writes> byCollection) {
    return byCollection.values().stream().mapToDouble(Writes::total).sum();
  }

  @Override
  public void close() {
    client.close();
  }

  /** Documents inserted (upserts that inserted among them), updated and deleted, per order. */
  record Writes(double inserted, double updated, double deleted) {

    double total() {
      return inserted + updated + deleted;
    }
  }
}
