package dev.orderflow.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.projection.MongoRevisions.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MongoRevisions#updateAll}: many documents in a read and a write per kind, none lost. */
class MongoRevisionsBatchTest {

  final CountedMongo mongo = new CountedMongo();
  final MongoRevisions counters = revisions();

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void new_and_stored_documents_are_written_in_one_command_each() {
    counters.updateAll(Map.of("a", record("r1"), "b", record("r1")));
    var finds = mongo.sent("find");
    var inserts = mongo.sent("insert");
    var updates = mongo.sent("update");

    var results =
        counters.updateAll(Map.of("a", record("r2"), "b", record("r2"), "c", record("r2")));

    assertThat(results).containsEntry("a", 2).containsEntry("b", 2).containsEntry("c", 1);
    assertThat(mongo.sent("find") - finds).as("only c, not remembered").isOne();
    assertThat(mongo.sent("insert") - inserts).isOne();
    assertThat(mongo.sent("update") - updates).isOne();
  }

  @Test
  void a_document_another_writer_changed_inside_the_batch_is_updated_again_on_its_own() {
    counters.updateAll(Map.of("a", record("r1"), "b", record("r1")));
    var rival = revisions();
    var once = new AtomicBoolean();
    var decisions = new LinkedHashMap<String, Function<Optional<Document>, Decision<Integer>>>();
    decisions.put("a", record("r2"));
    decisions.put(
        "b",
        current -> {
          if (once.compareAndSet(false, true)) {
            // Another instance writes b after this batch read it, before it writes.
            rival.update("b", record("theirs"));
          }
          return record("r2").apply(current);
        });

    var results = counters.updateAll(decisions);

    assertThat(results).containsEntry("a", 2).containsEntry("b", 3);
    assertThat(stored("b").getList("applied", String.class)).containsExactly("r1", "theirs", "r2");
    assertThat(stored("b")).containsEntry("revision", 3L);
    assertThat(stored("a").getList("applied", String.class)).containsExactly("r1", "r2");
  }

  private MongoRevisions revisions() {
    return new MongoRevisions("counter", mongo.template().getCollection("counters"));
  }

  /**
   * Adds a record to what a document has applied, as every read model here does (versions,
   * positions): a document that holds what it applied is what lets a bulk tell a write that lost
   * from one that won ({@code Bulk.compareAndSetAll}).
   */
  private static Function<Optional<Document>, Decision<Integer>> record(String id) {
    return current -> {
      var applied =
          new ArrayList<>(
              current.map(found -> found.getList("applied", String.class)).orElse(List.of()));
      if (applied.contains(id)) {
        return Decision.keep(applied.size());
      }
      applied.add(id);
      return Decision.write(new Document("applied", applied), applied.size());
    };
  }

  private Document stored(String id) {
    return revisions().find(id).orElseThrow();
  }
}
