package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.IndexOptions;
import dev.orderflow.devstack.mongo.Revisions;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mongo} part killed with SIGKILL while writers update documents by compare-and-set, as
 * the services do: every write it acknowledged is there after the supervisor restarted it, and
 * every document is still found through its unique index, so the next compare-and-set succeeds.
 *
 * <p>A lost write shows as a revision acknowledged twice: once before the kill, and again when a
 * writer after the restart finds the older revision and writes the same next one.
 */
class MongoCrashIT {

  private static final int DOCUMENTS = 50;
  private static final int WRITERS = 8;

  @TempDir Path dataDir;

  @Test
  void a_mongo_killed_under_load_keeps_every_acknowledged_write_and_its_indexes_whole()
      throws Exception {
    var jar = Path.of(System.getProperty("devstack.jar"));
    var options =
        DevstackOptions.defaults(Path.of("").toAbsolutePath().getParent())
            .dataDir(dataDir)
            .withFreePorts()
            .infrastructureOnly()
            .prometheus(false)
            .devstackJar(jar);
    var acknowledged = new ConcurrentHashMap<String, Long>();
    var revisions = ConcurrentHashMap.<String>newKeySet();
    var twice = new ConcurrentLinkedQueue<String>();
    var updates = new AtomicInteger();
    var failures = new AtomicInteger();
    try (var stack = Devstack.start(options);
        var client = MongoClients.create(settings(stack.mongoUri("crash")))) {
      var views = client.getDatabase("crash").getCollection("views");
      views.createIndex(
          new Document("_id", 1).append("revision", 1), new IndexOptions().unique(true));
      IntStream.range(0, DOCUMENTS)
          .forEach(i -> views.insertOne(new Document("_id", "v-" + i).append("revision", 0L)));

      var stop = new AtomicBoolean();
      try (var writers = Executors.newFixedThreadPool(WRITERS)) {
        for (int w = 0; w < WRITERS; w++) {
          writers.submit(() -> {
            while (!stop.get()) {
              var id = "v-" + ThreadLocalRandom.current().nextInt(DOCUMENTS);
              try {
                long written = Revisions.compareAndSet(views, id);
                if (written > 0) {
                  acknowledged.merge(id, written, Math::max);
                  if (!revisions.add(id + "@" + written)) {
                    twice.add(id + "@" + written);
                  }
                  updates.incrementAndGet();
                }
              } catch (RuntimeException e) {
                failures.incrementAndGet(); // the server is away; try again
              }
            }
          });
        }
        await("writers under way").atMost(60, TimeUnit.SECONDS).until(() -> updates.get() > 1_000);
        long killed = stack.pid("mongo");
        stack.kill("mongo");
        await("mongo restarted")
            .atMost(30, TimeUnit.SECONDS)
            .until(() -> stack.pid("mongo") != killed);
        int afterKill = updates.get();
        await("writers succeeding again after the restart")
            .atMost(60, TimeUnit.SECONDS)
            .until(() -> updates.get() > afterKill + 1_000);
        stop.set(true);
      }

      assertThat(failures.get()).as("writes that failed while mongo was away").isPositive();
      assertThat(twice).as("revisions acknowledged twice: the first write was lost").isEmpty();
      for (var id : IntStream.range(0, DOCUMENTS).mapToObj(i -> "v-" + i).toList()) {
        var stored = views.find(new Document("_id", id)).first();
        assertThat(stored).as(id).isNotNull();
        long revision = stored.getLong("revision");
        assertThat(revision)
            .as("%s: its stored revision, against the highest one acknowledged", id)
            .isGreaterThanOrEqualTo(acknowledged.getOrDefault(id, 0L));
        assertThat(views.find(new Document("_id", id).append("revision", revision)).first())
            .as("%s found through its {_id, revision} index entry", id)
            .isEqualTo(stored);
      }
    }
  }

  private static MongoClientSettings settings(String uri) {
    return MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri))
        .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(2, TimeUnit.SECONDS))
        .applyToSocketSettings(socket -> socket.readTimeout(5, TimeUnit.SECONDS))
        .retryWrites(false)
        .build();
  }
}
