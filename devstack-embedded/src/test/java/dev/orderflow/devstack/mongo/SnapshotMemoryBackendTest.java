package dev.orderflow.devstack.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class SnapshotMemoryBackendTest {

  static final int UPDATES = 3_000;
  static final int READERS = 3;

  /**
   * Every update moves the first and the last field of one document together; readers running
   * meanwhile must never see them apart. On mongo-java-server's plain in-memory backend they did:
   * it answered a query with the stored document, which the next update changed field by field
   * while the answer was being encoded.
   */
  @Test
  void reads_racing_updates_see_each_document_whole() throws Exception {
    try (var mongo = EmbeddedMongo.inMemory(0);
        var client = MongoClients.create(mongo.connectionString("test"));
        var threads = Executors.newFixedThreadPool(READERS + 1)) {
      var pairs = client.getDatabase("test").getCollection("pairs");
      var pair = new Document("_id", "pair").append("first", 0L);
      for (int field = 0; field < 40; field++) {
        // Fields between the two make encoding a read take long enough to overlap an update.
        pair.append("between" + field, "x".repeat(20));
      }
      pairs.insertOne(pair.append("last", 0L));
      var updating = new AtomicBoolean(true);
      var readers = new ArrayList<Future<long[]>>();
      for (int reader = 0; reader < READERS; reader++) {
        readers.add(
            threads.submit(() -> {
              long reads = 0;
              long torn = 0;
              while (updating.get()) {
                var read = pairs.find(eq("_id", "pair")).first();
                reads++;
                if (!read.get("first").equals(read.get("last"))) {
                  torn++;
                }
              }
              return new long[] {reads, torn};
            }));
      }
      var updater =
          threads.submit(() -> {
            try {
              for (int update = 0; update < UPDATES; update++) {
                pairs.updateOne(eq("_id", "pair"), combine(inc("first", 1L), inc("last", 1L)));
              }
            } finally {
              updating.set(false);
            }
            return null;
          });
      updater.get(2, TimeUnit.MINUTES);
      long reads = 0;
      long torn = 0;
      for (var reader : readers) {
        var counts = reader.get(1, TimeUnit.MINUTES);
        reads += counts[0];
        torn += counts[1];
      }
      assertThat(reads).as("reads made while the updates ran").isGreaterThan(UPDATES / 10);
      assertThat(torn).as("reads that saw a document half updated").isZero();
      var last = pairs.find(eq("_id", "pair")).first();
      assertThat(last.getLong("first")).isEqualTo(UPDATES);
    }
  }

  /** Writes still change the stored documents, though their look-ups go through the same code. */
  @Test
  void updates_find_and_modify_and_deletes_change_what_later_reads_see() {
    try (var mongo = EmbeddedMongo.inMemory(0);
        var client = MongoClients.create(mongo.connectionString("test"))) {
      var counters = client.getDatabase("test").getCollection("counters");
      counters.insertMany(
          List.of(
              new Document("_id", "a").append("n", 1), new Document("_id", "b").append("n", 1)));

      counters.updateMany(new Document(), inc("n", 1));
      var after =
          counters.findOneAndUpdate(
              eq("_id", "a"),
              inc("n", 10),
              new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
      counters.deleteOne(eq("_id", "b"));

      assertThat(after.getInteger("n")).isEqualTo(12);
      assertThat(counters.find().into(new ArrayList<>()))
          .containsExactly(new Document("_id", "a").append("n", 12));
    }
  }
}
