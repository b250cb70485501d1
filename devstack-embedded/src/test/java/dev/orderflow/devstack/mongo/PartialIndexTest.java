package dev.orderflow.devstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.IndexKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartialIndexTest {

  private static final Date T0 = new Date(1_000_000L);

  @TempDir Path dir;

  /**
   * The outbox sweep's query, on an index of the unpublished commits: inserts, updates and deletes
   * keep the index to the documents that match its filter, and a store opened again fills it from
   * the file, with the filter it was declared with.
   */
  @Test
  void the_unpublished_commits_are_indexed_through_writes_and_a_restart() {
    withCommits(
        commits -> {
          declareUnpublishedIndex(commits);
          commits.insertMany(
              List.of(commit("c-1", 1, false), commit("c-2", 2, true), commit("c-3", 3, false)));
          commits.insertOne(commit("c-4", 4, false));
          commits.updateMany(
              Filters.in("_id", List.of("c-1", "c-2")), Updates.set("published", true));
          commits.insertOne(commit("c-5", 5, false));
          commits.deleteOne(Filters.eq("_id", "c-5"));

          assertThat(unpublishedBefore(commits, 10)).containsExactly("c-3", "c-4");
          assertThat(unpublishedBefore(commits, 4)).containsExactly("c-3");
        },
        partialIndexHolds(2));

    withCommits(
        commits -> {
          // The same declaration again, as every service makes at start: nothing changes.
          declareUnpublishedIndex(commits);
          assertThat(unpublishedBefore(commits, 10)).containsExactly("c-3", "c-4");
          commits.updateOne(Filters.eq("_id", "c-3"), Updates.set("published", true));
          assertThat(unpublishedBefore(commits, 10)).containsExactly("c-4");
          // A query that does not ask for the filter's condition reads the whole collection.
          assertThat(commits.countDocuments(Filters.lt("committedAt", new Date(T0.getTime() + 10))))
              .isEqualTo(4);
        },
        partialIndexHolds(1));
  }

  /**
   * The saga deadline's query, as order-service's reminders make it: the first commits still {@code
   * awaitingDecision}, oldest first, on an index of those alone; a decision's {@code $unset} takes
   * a commit out of it.
   */
  @Test
  void the_commits_awaiting_a_decision_are_indexed_until_their_reminder_is_unset() {
    withCommits(
        commits -> {
          commits.createIndex(
              new Document("awaitingDecision", 1).append("committedAt", 1),
              new IndexOptions()
                  .name("awaiting_decision")
                  .partialFilterExpression(new Document("awaitingDecision", true)));
          commits.insertMany(
              List.of(
                  commit("o-1:1", 1, false).append("awaitingDecision", true),
                  commit("o-2:1", 2, false).append("awaitingDecision", true),
                  commit("o-1:2", 3, false),
                  commit("o-3:1", 4, false).append("awaitingDecision", true)));
          commits.updateMany(
              Filters.in("_id", List.of("o-1:1")), Updates.unset("awaitingDecision"));

          assertThat(awaitingBefore(commits, 10, 1)).containsExactly("o-2:1");
          assertThat(awaitingBefore(commits, 10, 10)).containsExactly("o-2:1", "o-3:1");
          assertThat(awaitingBefore(commits, 3, 10)).containsExactly("o-2:1");
        },
        backend -> assertThat(index(backend, "awaiting_decision").getCount()).isEqualTo(2));
    var awaiting =
        new PartialIndex(
            "awaiting_decision",
            List.of(new IndexKey("awaitingDecision", true), new IndexKey("committedAt", true)),
            query("awaitingDecision", true));
    assertThat(
            awaiting.canHandle(
                query(
                    "$and",
                    List.of(
                        query("awaitingDecision", true), query("committedAt", query("$lt", T0))))))
        .isTrue();
  }

  @Test
  void only_a_query_that_asks_for_every_condition_of_the_filter_is_answered_from_the_index() {
    var waiting = query("outbox.0", query("$exists", true));
    var index =
        new PartialIndex("outbox_pending", List.of(new IndexKey("outbox.storedAt", true)), waiting);

    assertThat(index.canHandle(query("outbox.0", query("$exists", true)))).isTrue();
    assertThat(
            index.canHandle(
                query(
                    "$and",
                    List.of(
                        query("outbox.0", query("$exists", true)),
                        query(
                            "outbox", query("$elemMatch", query("storedAt", query("$lt", T0))))))))
        .isTrue();
    assertThat(index.canHandle(query("outbox.0", query("$exists", false)))).isFalse();
    assertThat(index.canHandle(query("outbox", query("$size", 1)))).isFalse();
    assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document())).isFalse();
  }

  /** A query as the server holds it. */
  private static de.bwaldvogel.mongo.bson.Document query(String key, Object value) {
    return new de.bwaldvogel.mongo.bson.Document(key, value);
  }

  /** The index as the order store declares it: the commits not yet published. */
  private static void declareUnpublishedIndex(MongoCollection<Document> commits) {
    commits.createIndex(
        new Document("committedAt", 1),
        new IndexOptions()
            .name("unpublished")
            .partialFilterExpression(new Document("published", false)));
  }

  private static Document commit(String id, long at, boolean published) {
    return new Document("_id", id)
        .append("committedAt", new Date(T0.getTime() + at))
        .append("published", published);
  }

  private static List<String> unpublishedBefore(MongoCollection<Document> commits, long at) {
    return commits
        .find(
            Filters.and(
                Filters.eq("published", false),
                Filters.lt("committedAt", new Date(T0.getTime() + at))))
        .sort(Sorts.ascending("committedAt"))
        .map(commit -> commit.getString("_id"))
        .into(new ArrayList<>());
  }

  private static List<String> awaitingBefore(
      MongoCollection<Document> commits, long at, int limit) {
    return commits
        .find(
            Filters.and(
                Filters.eq("awaitingDecision", true),
                Filters.lt("committedAt", new Date(T0.getTime() + at))))
        .sort(Sorts.ascending("committedAt"))
        .limit(limit)
        .map(commit -> commit.getString("_id"))
        .into(new ArrayList<>());
  }

  private static Consumer<TypedH2Backend> partialIndexHolds(long documents) {
    return backend -> assertThat(index(backend, "unpublished").getCount()).isEqualTo(documents);
  }

  /** The partial index {@code name} of the commits, as the backend holds it. */
  private static PartialIndex index(TypedH2Backend backend, String name) {
    var commits =
        (AbstractMongoCollection<?>)
            backend.resolveDatabase("outbox").resolveCollection("commits", true);
    var found =
        commits.getIndexes().stream().filter(index -> index.getName().equals(name)).toList();
    assertThat(found).singleElement().isInstanceOf(PartialIndex.class);
    return (PartialIndex) found.getFirst();
  }

  /** Opens the store under {@link #dir}, lets {@code use} work, checks the backend, closes it. */
  private void withCommits(
      Consumer<MongoCollection<Document>> use, Consumer<TypedH2Backend> afterwards) {
    var backend = TypedH2Backend.open(dir.resolve("mongo.mv"));
    try (var mongo = EmbeddedMongo.start(backend, 0);
        var client = MongoClients.create(mongo.connectionString("outbox"))) {
      use.accept(client.getDatabase("outbox").getCollection("commits"));
      afterwards.accept(backend);
    }
  }
}
