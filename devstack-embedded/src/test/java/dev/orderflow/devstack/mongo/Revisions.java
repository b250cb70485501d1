package dev.orderflow.devstack.mongo;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

/** The services' optimistic update, for tests of the store under it. */
public final class Revisions {

  private Revisions() {}

  /**
   * Reads a document's revision and writes the next one only if it is still there: the revision
   * written, or 0 when another write came first.
   */
  public static long compareAndSet(MongoCollection<Document> views, String id) {
    long revision = views.find(new Document("_id", id)).first().getLong("revision");
    var matched =
        views
            .replaceOne(
                new Document("_id", id).append("revision", revision),
                new Document("_id", id).append("revision", revision + 1))
            .getMatchedCount();
    return matched == 1 ? revision + 1 : 0;
  }
}
