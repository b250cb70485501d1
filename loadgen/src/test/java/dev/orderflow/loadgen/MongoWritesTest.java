package dev.orderflow.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.orderflow.devstack.mongo.DocumentsWritten.Counts;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.loadgen.MongoWrites.Writes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MongoWritesTest {

  @TempDir Path dir;

  @Test
  void what_a_step_wrote_is_read_from_the_embedded_mongodb_per_collection_and_per_order() {
    try (var mongo = EmbeddedMongo.onDisk(dir, 0);
        var client = MongoClients.create(mongo.connectionString("orders"));
        var writes = MongoWrites.of(mongo.connectionString("admin"))) {
      var commits = client.getDatabase("orders").getCollection("order_commits");
      var views = client.getDatabase("projections").getCollection("order_views");
      commits.insertOne(new Document("_id", "before"));
      views.insertOne(new Document("_id", "before"));
      var before = writes.read();

      commits.insertMany(List.of(new Document("_id", "o-1"), new Document("_id", "o-2")));
      commits.updateMany(Filters.in("_id", List.of("o-1", "o-2")), Updates.set("published", true));
      commits.deleteOne(Filters.eq("_id", "before"));
      var after = writes.read();

      assertThat(after).doesNotContainKey("orders.system.indexes");
      var perOrder = MongoWrites.perOrder(before, after, 2);
      // The views wrote nothing during the step: left out.
      assertThat(perOrder).containsOnlyKeys("orders.order_commits");
      assertThat(perOrder.get("orders.order_commits")).isEqualTo(new Writes(1, 1, 0.5));
      assertThat(MongoWrites.total(perOrder)).isEqualTo(2.5);
      assertThat(MongoWrites.perOrder(before, after, 0)).isEmpty();
    }
  }

  @Test
  void a_collection_first_written_during_the_step_counts_from_zero() {
    var perOrder =
        MongoWrites.perOrder(Map.of(), Map.of("inventory.reservations", new Counts(10, 20, 0)), 10);

    assertThat(perOrder).containsEntry("inventory.reservations", new Writes(1, 2, 0));
  }
}
