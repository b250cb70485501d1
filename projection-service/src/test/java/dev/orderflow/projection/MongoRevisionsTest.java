package dev.orderflow.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.projection.MongoRevisions.Decision;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MongoRevisionsTest {

  final CountedMongo mongo = new CountedMongo();
  final MongoRevisions counters = revisions();

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void the_next_update_of_a_document_it_wrote_decides_without_reading_it_back() {
    increment(counters, "c-1");
    var finds = mongo.sent("find");

    increment(counters, "c-1");
    increment(counters, "c-1");

    assertThat(mongo.sent("find")).isEqualTo(finds);
    assertThat(stored("c-1")).containsEntry("count", 3L).containsEntry("revision", 3L);
  }

  @Test
  void a_document_another_writer_changed_since_is_read_again_and_nothing_is_lost() {
    increment(counters, "c-1");
    var otherInstance = revisions();
    increment(otherInstance, "c-1");
    increment(otherInstance, "c-1");

    increment(counters, "c-1");

    assertThat(stored("c-1")).containsEntry("count", 4L).containsEntry("revision", 4L);
  }

  @Test
  void a_decision_to_write_nothing_is_made_on_the_stored_document() {
    increment(counters, "c-1");
    var otherInstance = revisions();
    increment(otherInstance, "c-1");
    var finds = mongo.sent("find");

    long seen = counters.update("c-1", current -> Decision.keep(count(current)));

    assertThat(seen).isEqualTo(2);
    assertThat(mongo.sent("find")).isEqualTo(finds + 1);
  }

  private MongoRevisions revisions() {
    return new MongoRevisions("counter", mongo.template().getCollection("counters"));
  }

  private static void increment(MongoRevisions revisions, String id) {
    revisions.update(
        id,
        current -> Decision.write(new Document("count", count(current) + 1), count(current) + 1));
  }

  private static long count(Optional<Document> document) {
    return document.map(found -> found.getLong("count")).orElse(0L);
  }

  private Document stored(String id) {
    return revisions().find(id).orElseThrow();
  }
}
