package dev.orderflow.devstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TypedH2BackendTest {

  private static final Document RESERVATION =
      new Document("_id", "r-1")
          .append("orderId", "order-1")
          .append("sku", "sku-1")
          .append("quantity", 2)
          .append("offset", 12_345_678_901L)
          .append("price", new Decimal128(new BigDecimal("19.90")))
          .append("ratio", 0.25)
          .append("released", false)
          .append("reason", null)
          .append("at", Date.from(Instant.parse("2026-11-24T10:15:30.123Z")))
          .append("lines", List.of(new Document("sku", "sku-1").append("quantity", 2)))
          .append("owner", new ObjectId("65f0c1e9a8b7d4c2e9f1a2b3"));

  @TempDir Path dir;

  @Test
  void documentsAndUniqueIndexesSurviveARestart() {
    withCollection(
        EmbeddedMongo.onDisk(dir, 0),
        reservations -> {
          indexAndInsert(reservations);
          reservations.insertOne(new Document("_id", "r-2").append("orderId", "order-2"));
        });

    withCollection(
        EmbeddedMongo.onDisk(dir, 0),
        reservations -> {
          assertThat(reservations.find(new Document("_id", "r-1")).first()).isEqualTo(RESERVATION);
          assertThat(reservations.find(new Document("orderId", "order-1").append("sku", "sku-1")))
              .containsExactly(RESERVATION);
          assertThat(reservations.countDocuments()).isEqualTo(2);
          assertDuplicate(
              reservations,
              new Document("_id", "r-3").append("orderId", "order-1").append("sku", "sku-1"));
          assertDuplicate(reservations, new Document("_id", "r-2"));
        });
  }

  @Test
  void updatesDeletesAndScansSeeTheStoredDocumentsAndTheSizeFollowsTheirBytes() {
    withDatabase(
        EmbeddedMongo.onDisk(dir, 0),
        database -> {
          var orders = database.getCollection("orders");
          orders.insertMany(List.of(order("o-1"), order("o-2"), order("o-3")));
          orders.updateOne(Filters.eq("_id", "o-2"), Updates.set("status", "CONFIRMED"));
          orders.findOneAndUpdate(Filters.eq("_id", "o-3"), Updates.set("lines", List.of(1, 2)));
          orders.updateOne(Filters.eq("_id", "o-3"), Updates.set("status", "PLACED")); // no change
          orders.deleteOne(Filters.eq("_id", "o-1"));
          orders.updateOne(
              Filters.eq("_id", "o-4"),
              Updates.set("status", "PLACED"),
              new UpdateOptions().upsert(true));
        });

    withDatabase(
        EmbeddedMongo.onDisk(dir, 0),
        database -> {
          var orders = database.getCollection("orders");
          var o2 = new Document("_id", "o-2").append("status", "CONFIRMED");
          var o3 = order("o-3").append("lines", List.of(1, 2));
          var o4 = order("o-4");
          assertThat(orders.find(Filters.eq("status", "CONFIRMED"))).containsExactly(o2);
          assertThat(orders.find().sort(new Document("$natural", -1))).containsExactly(o4, o3, o2);
          var stats = database.runCommand(new Document("collStats", "orders"));
          assertThat(stats.get("count", Number.class).intValue()).isEqualTo(3);
          assertThat(stats.get("size", Number.class).intValue())
              .isEqualTo(bsonSize(o2) + bsonSize(o3) + bsonSize(o4));
        });
  }

  @Test
  void storesIndexKeysAndDocumentsWithItsOwnTypes() {
    var backend = TypedH2Backend.open(dir.resolve("mongo.mv"));
    withCollection(
        EmbeddedMongo.start(backend, 0),
        reservations -> {
          indexAndInsert(reservations);

          var store = backend.getMvStore();
          List<String> names = List.copyOf(store.getMapNames());
          assertThat(names).anyMatch(name -> name.startsWith("databases."));
          assertThat(names).anyMatch(name -> name.contains("._index_"));
          for (String name : names) {
            if (name.startsWith("databases.")) {
              assertThat(store.openMap(name).getValueType()).as(name).isSameAs(BsonType.INSTANCE);
            }
            if (name.contains("._index_")) {
              assertThat(store.openMap(name).getKeyType()).as(name).isSameAs(IndexKeyType.INSTANCE);
            }
          }
          assertThat(store.getStoreVersion()).isEqualTo(TypedH2Backend.STORE_VERSION);
        });
  }

  @Test
  void readsAFileWrittenWithoutItsTypesAsItWasWritten() {
    Path file = dir.resolve("mongo.mv");
    withCollection(
        EmbeddedMongo.start(new H2Backend(file.toString()), 0), TypedH2BackendTest::indexAndInsert);

    var backend = TypedH2Backend.open(file);

    assertThat(backend.typed()).isFalse();
    withCollection(
        EmbeddedMongo.start(backend, 0),
        reservations -> {
          assertThat(reservations.find(new Document("_id", "r-1")).first()).isEqualTo(RESERVATION);
          assertDuplicate(
              reservations,
              new Document("_id", "r-2").append("orderId", "order-1").append("sku", "sku-1"));
          assertThat(backend.getMvStore().getStoreVersion()).isZero();
        });
  }

  private static Document order(String id) {
    return new Document("_id", id).append("status", "PLACED");
  }

  private static int bsonSize(Document document) {
    return new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();
  }

  /** A unique index on the order and the sku, and {@link #RESERVATION} under it. */
  private static void indexAndInsert(MongoCollection<Document> reservations) {
    reservations.createIndex(Indexes.ascending("orderId", "sku"), new IndexOptions().unique(true));
    reservations.insertOne(RESERVATION);
  }

  /** Lets {@code use} work on a collection of {@code mongo}, then stops it, backend and all. */
  private static void withCollection(EmbeddedMongo mongo, Consumer<MongoCollection<Document>> use) {
    withDatabase(mongo, database -> use.accept(database.getCollection("reservations")));
  }

  /** Lets {@code use} work on the database of {@code mongo}, then stops it, backend and all. */
  private static void withDatabase(EmbeddedMongo mongo, Consumer<MongoDatabase> use) {
    try (mongo;
        var client = MongoClients.create(mongo.connectionString("inventory"))) {
      use.accept(client.getDatabase("inventory"));
    }
  }

  private static void assertDuplicate(MongoCollection<Document> collection, Document document) {
    assertThatThrownBy(() -> collection.insertOne(document))
        .isInstanceOfSatisfying(
            MongoWriteException.class,
            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
  }
}
