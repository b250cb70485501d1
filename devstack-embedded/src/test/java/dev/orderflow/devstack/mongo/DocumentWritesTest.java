package dev.orderflow.devstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentWritesTest {

  @TempDir Path dir;

  @Test
  void every_document_written_is_counted_per_collection_and_in_all() {
    var backend = TypedH2Backend.open(dir.resolve("mongo.mv"));
    try (var mongo = EmbeddedMongo.start(backend, 0);
        var client = MongoClients.create(mongo.connectionString("orders"))) {
      var commits = client.getDatabase("orders").getCollection("commits");
      var views = client.getDatabase("projections").getCollection("views");

      commits.insertMany(List.of(new Document("_id", "a"), new Document("_id", "b")));
      commits.insertOne(new Document("_id", "c"));
      commits.updateMany(
          Filters.in("_id", List.of("a", "b", "missing")), Updates.set("published", true));
      // Changes nothing: counts nothing, as MongoDB's nModified.
      commits.updateOne(Filters.eq("_id", "a"), Updates.set("published", true));
      commits.deleteOne(Filters.eq("_id", "c"));
      views.updateOne(
          Filters.eq("_id", "v"),
          Updates.set("status", "PENDING"),
          new UpdateOptions().upsert(true));
      views.updateOne(Filters.eq("_id", "v"), Updates.set("status", "CONFIRMED"));

      var top = top(client);
      assertThat(top)
          .containsEntry("orders.commits", List.of(3L, 2L, 1L))
          .containsEntry("projections.views", List.of(1L, 1L, 0L));
      // The totals are every collection's, the indexes' descriptions (system.indexes) too.
      var documents =
          client
              .getDatabase("admin")
              .runCommand(new Document("serverStatus", 1))
              .get("metrics", Document.class)
              .get("document", Document.class);
      assertThat(top).containsKey("orders.system.indexes");
      assertThat(
              List.of(
                  documents.getLong("inserted"),
                  documents.getLong("updated"),
                  documents.getLong("deleted")))
          .isEqualTo(List.of(sum(top, 0), sum(top, 1), sum(top, 2)));
      assertThat(sum(top, 0)).isGreaterThan(4);
    }
  }

  /** {@code top}'s counts per namespace: inserted, updated, deleted. */
  private static Map<String, List<Long>> top(MongoClient client) {
    var totals =
        client
            .getDatabase("admin")
            .runCommand(new Document("top", 1))
            .get("totals", Document.class);
    var counts = new TreeMap<String, List<Long>>();
    totals.forEach((namespace, value) -> {
      if (value instanceof Document ops) {
        counts.put(
            namespace, List.of(count(ops, "insert"), count(ops, "update"), count(ops, "remove")));
      }
    });
    return counts;
  }

  private static long sum(Map<String, List<Long>> top, int kind) {
    return top.values().stream().mapToLong(counts -> counts.get(kind)).sum();
  }

  private static long count(Document ops, String op) {
    return ops.get(op, Document.class).getLong("count");
  }
}
