package dev.orderflow.order;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * An in-memory mongo-java-server and a client that counts the commands it sends, by name, and the
 * documents its updates changed: for tests that are about how many round trips a store makes, and
 * how many writes.
 */
public final class CountedMongo implements AutoCloseable {

  private final EmbeddedMongo server = EmbeddedMongo.inMemory(0);
  private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
  private final AtomicInteger modified = new AtomicInteger();
  private final MongoClient client;

  public CountedMongo() {
    CommandListener counter =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            sent.computeIfAbsent(event.getCommandName(), name -> new AtomicInteger())
                .incrementAndGet();
          }

          @Override
          public void commandSucceeded(CommandSucceededEvent event) {
            var changed = event.getResponse().get("nModified");
            if (event.getCommandName().equals("update") && changed != null && changed.isNumber()) {
              modified.addAndGet(changed.asNumber().intValue());
            }
          }
        };
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString("test")))
                .addCommandListener(counter)
                .build());
  }

  public MongoTemplate template() {
    return new MongoTemplate(client, "test");
  }

  /** How many {@code command}s (find, insert, update...) were sent so far. */
  public int sent(String command) {
    var count = sent.get(command);
    return count == null ? 0 : count.get();
  }

  /** How many documents the {@code update} commands sent so far changed. */
  public int modified() {
    return modified.get();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
