package dev.orderflow.devstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
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
              assertThat(store.openMap(name).getValueType())
                  .as(name)
                  .isSameAs(BsonDocumentType.INSTANCE);
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

  /** A unique index on the order and the sku, and {@link #RESERVATION} under it. */
  private static void indexAndInsert(MongoCollection<Document> reservations) {
    reservations.createIndex(Indexes.ascending("orderId", "sku"), new IndexOptions().unique(true));
    reservations.insertOne(RESERVATION);
  }

  /** Lets {@code use} work on a collection of {@code mongo}, then stops it, backend and all. */
  private static void withCollection(EmbeddedMongo mongo, Consumer<MongoCollection<Document>> use) {
    try (mongo;
        var client = MongoClients.create(mongo.connectionString("inventory"))) {
      use.accept(client.getDatabase("inventory").getCollection("reservations"));
    }
  }

  private static void assertDuplicate(MongoCollection<Document> collection, Document document) {
    assertThatThrownBy(() -> collection.insertOne(document))
        .isInstanceOfSatisfying(
            MongoWriteException.class,
            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
  }
}
