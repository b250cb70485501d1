package dev.orderflow.devstack.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded MongoDB's file after its process died without closing it: {@link
 * org.h2.mvstore.MVStore#closeImmediately()} leaves the file exactly as a SIGKILL would, holding
 * what was written to it and nothing else.
 */
class CommitBeforeAnswerTest {

  private static final int DOCUMENTS = 20;

  @TempDir Path dir;

  @Test
  void every_acknowledged_write_is_in_the_file_when_the_process_dies() {
    var file = dir.resolve("mongo.mv");
    var backend = TypedH2Backend.open(file);
    try (var mongo = EmbeddedMongo.start(backend, 0);
        var client = MongoClients.create(mongo.connectionString("test"))) {
      var views = client.getDatabase("test").getCollection("views");
      IntStream.range(0, 200).forEach(i -> views.insertOne(new Document("_id", "v-" + i)));
      views.updateOne(new Document("_id", "v-7"), new Document("$set", new Document("x", 1)));
      views.deleteOne(new Document("_id", "v-8"));
      crash(backend);
    }

    try (var mongo = EmbeddedMongo.onDisk(dir, 0);
        var client = MongoClients.create(mongo.connectionString("test"))) {
      var views = client.getDatabase("test").getCollection("views");
      assertThat(views.countDocuments()).isEqualTo(199);
      assertThat(views.find(new Document("_id", "v-7")).first()).containsEntry("x", 1);
      assertThat(views.find(new Document("_id", "v-8")).first()).isNull();
    }
  }

  @Test
  void compare_and_set_still_finds_every_document_by_its_revision_after_a_crash_under_load()
      throws Exception {
    var acknowledged = new ConcurrentHashMap<String, Long>();
    var backend = TypedH2Backend.open(dir.resolve("mongo.mv"));
    try (var mongo = EmbeddedMongo.start(backend, 0);
        var client = MongoClients.create(mongo.connectionString("test"))) {
      var views = client.getDatabase("test").getCollection("views");
      views.createIndex(
          new Document("_id", 1).append("revision", 1), new IndexOptions().unique(true));
      IntStream.range(0, DOCUMENTS)
          .forEach(i -> views.insertOne(new Document("_id", "v-" + i).append("revision", 0L)));
      var updates = new AtomicInteger();
      var crashed = new AtomicBoolean();
      try (var writers = Executors.newFixedThreadPool(4)) {
        for (int w = 0; w < 4; w++) {
          writers.submit(() -> {
            while (!crashed.get()) {
              var id = "v-" + (int) (Math.random() * DOCUMENTS);
              try {
                long written = Revisions.compareAndSet(views, id);
                if (written > 0) {
                  acknowledged.merge(id, written, Math::max);
                  updates.incrementAndGet();
                }
              } catch (RuntimeException e) {
                return; // the store went away under the command
              }
            }
          });
        }
        await("writers under way").atMost(Duration.ofSeconds(60)).until(() -> updates.get() > 500);
        crash(backend);
        crashed.set(true);
      }
    }

    try (var mongo = EmbeddedMongo.onDisk(dir, 0);
        var client = MongoClients.create(mongo.connectionString("test"))) {
      var views = client.getDatabase("test").getCollection("views");
      for (var id : IntStream.range(0, DOCUMENTS).mapToObj(i -> "v-" + i).toList()) {
        var stored = views.find(new Document("_id", id)).first();
        assertThat(stored).as(id).isNotNull();
        long revision = stored.getLong("revision");
        assertThat(revision).as(id).isGreaterThanOrEqualTo(acknowledged.getOrDefault(id, 0L));
        assertThat(views.find(new Document("_id", id).append("revision", revision)).first())
            .as("%s found through its {_id, revision} index entry", id)
            .isEqualTo(stored);
        assertThat(Revisions.compareAndSet(views, id))
            .as("%s can be updated again", id)
            .isPositive();
      }
    }
  }

  @Test
  void the_store_keeps_a_small_page_cache() {
    var store = CommitBeforeAnswer.open(dir.resolve("cache.mv").toString());
    try {
      // H2's default (16 MB) filled the part's old generation with dead pages under load.
      assertThat(store.getCacheSize()).isEqualTo(CommitBeforeAnswer.PAGE_CACHE_MB).isLessThan(16);
    } finally {
      store.close();
    }
  }

  @Test
  void a_command_the_store_closed_under_is_answered_with_an_error() {
    var file = dir.resolve("plain.mv").toString();
    var store = CommitBeforeAnswer.open(file);
    MVMap<String, String> map = store.openMap("m");
    store.commit();
    var broken = new AtomicBoolean();
    try (var commits = new CommitBeforeAnswer(store, () -> broken.set(true))) {
      assertThatThrownBy(() ->
              commits.answer(() -> {
                map.put("k", "v");
                store.closeImmediately(); // as a failed write or a shutdown would
                return "done";
              }))
          .isInstanceOf(IllegalStateException.class);
    }
    assertThat(broken).as("told that the store cannot write any more").isTrue();

    var reopened = CommitBeforeAnswer.open(file);
    try {
      assertThat(reopened.<String, String>openMap("m").get("k")).isNull();
    } finally {
      reopened.close();
    }
  }

  /** The store stops where it is, as when its process is killed. */
  private static void crash(TypedH2Backend backend) {
    backend.getMvStore().closeImmediately();
  }
}
