package dev.orderflow.platform.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.platform.mongo.Bulk.Cas;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Bulk} on the in-process mongo-java-server that tests and {@code ./devstack} run on. */
class BulkMongoTest {

  final EmbeddedMongo server = EmbeddedMongo.inMemory(0);
  final MongoClient client = MongoClients.create(server.connectionString("test"));
  final MongoCollection<Document> views = client.getDatabase("test").getCollection("views");

  BulkMongoTest() {
    views.createIndex(
        new Document("_id", 1).append("revision", 1), new IndexOptions().unique(true));
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void an_unordered_insert_stores_every_new_document_and_names_the_duplicates_by_index() {
    views.insertOne(doc("b", 1, "stored before"));

    var duplicates =
        Bulk.insertAll(
            views,
            List.of(doc("a", 1, "x"), doc("b", 1, "y"), doc("c", 1, "z"), doc("a", 1, "again")));

    // mongo-java-server reports each duplicate of an unordered insertMany with its own index and
    // goes on with the rest, as MongoDB does, also for a duplicate within the same batch.
    assertThat(duplicates).containsExactlyInAnyOrder(1, 3);
    assertThat(views.countDocuments()).isEqualTo(3);
    assertThat(content("a")).isEqualTo("x");
    assertThat(content("b")).isEqualTo("stored before");
    assertThat(content("c")).isEqualTo("z");
  }

  @Test
  void an_unordered_bulk_applies_every_write_and_names_the_upserts_that_found_their_key_taken() {
    views.insertOne(doc("b", 2, "moved on"));
    var upsert = new UpdateOptions().upsert(true);
    var set = new Document("$set", new Document("content", "upserted"));

    var taken =
        Bulk.writeAll(
            views,
            List.of(
                new UpdateOneModel<Document>(
                    new Document("_id", "a").append("revision", 1), set, upsert),
                new UpdateOneModel<Document>(
                    new Document("_id", "b").append("revision", 1), set, upsert),
                new UpdateOneModel<Document>(
                    new Document("_id", "b").append("revision", 2), set, upsert)));

    // b at revision 1 matches nothing, and its insert finds _id b taken: it alone wrote nothing.
    assertThat(taken).containsExactly(1);
    assertThat(content("a")).isEqualTo("upserted");
    assertThat(content("b")).isEqualTo("upserted");
    assertThat(Bulk.writeAll(views, List.of())).isEmpty();
  }

  @Test
  void an_insert_of_nothing_sends_nothing() {
    assertThat(Bulk.insertAll(views, List.of())).isEmpty();
    assertThat(Bulk.compareAndSetAll(views, List.of())).isEmpty();
  }

  @Test
  void a_compare_and_set_bulk_that_wins_everywhere_names_no_loser() {
    Bulk.insertAll(views, List.of(doc("a", 1, "a1"), doc("b", 1, "b1")));

    var lost =
        Bulk.compareAndSetAll(
            views,
            List.of(
                new Cas("a", "revision", 1, doc("a", 2, "a2")),
                new Cas("b", "revision", 1, doc("b", 2, "b2"))));

    assertThat(lost).isEmpty();
    assertThat(content("a")).isEqualTo("a2");
    assertThat(content("b")).isEqualTo("b2");
  }

  @Test
  void a_lost_compare_and_set_is_named_and_the_others_are_written() {
    Bulk.insertAll(views, List.of(doc("a", 1, "a1"), doc("b", 1, "b1"), doc("c", 1, "c1")));
    // Another writer moved b on since it was read.
    views.replaceOne(new Document("_id", "b"), doc("b", 2, "theirs"));

    var lost =
        Bulk.compareAndSetAll(
            views,
            List.of(
                new Cas("a", "revision", 1, doc("a", 2, "a2")),
                new Cas("b", "revision", 1, doc("b", 2, "mine")),
                new Cas("c", "revision", 1, doc("c", 2, "c2")),
                new Cas("gone", "revision", 1, doc("gone", 2, "never there"))));

    assertThat(lost).containsExactlyInAnyOrder(1, 3);
    assertThat(content("a")).isEqualTo("a2");
    assertThat(content("b")).isEqualTo("theirs");
    assertThat(content("c")).isEqualTo("c2");
    assertThat(views.countDocuments()).isEqualTo(3);
  }

  @Test
  void a_rival_that_wrote_the_same_revision_with_other_content_is_told_apart() {
    Bulk.insertAll(views, List.of(doc("a", 1, "a1"), doc("b", 1, "b1")));
    views.replaceOne(new Document("_id", "b"), doc("b", 2, "theirs"));

    var lost =
        Bulk.compareAndSetAll(
            views,
            List.of(
                new Cas("a", "revision", 1, doc("a", 2, "a2")),
                new Cas("b", "revision", 1, doc("b", 2, "mine"))));

    assertThat(lost).containsExactly(1);
  }

  @Test
  void a_rival_that_stored_the_very_same_document_counts_as_the_write_itself() {
    Bulk.insertAll(views, List.of(doc("a", 1, "a1")));
    views.replaceOne(new Document("_id", "a"), doc("a", 2, "a2"));

    // Why a replacement must say what it applied: the same document means the same effects.
    var lost =
        Bulk.compareAndSetAll(views, List.of(new Cas("a", "revision", 1, doc("a", 2, "a2"))));

    assertThat(lost).isEmpty();
  }

  @Test
  void two_operations_on_one_document_are_refused() {
    var ops = new ArrayList<Cas>();
    ops.add(new Cas("a", "revision", 1, doc("a", 2, "x")));
    ops.add(new Cas("a", "revision", 2, doc("a", 3, "y")));

    assertThatThrownBy(() -> Bulk.compareAndSetAll(views, ops))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private String content(String id) {
    var document = views.find(new Document("_id", id)).first();
    assertThat(document).isNotNull();
    return document.getString("content");
  }

  private static Document doc(String id, long revision, String content) {
    return new Document("_id", id).append("revision", revision).append("content", content);
  }
}
