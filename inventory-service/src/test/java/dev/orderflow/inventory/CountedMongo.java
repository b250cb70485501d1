package dev.orderflow.inventory;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * An in-memory mongo-java-server and a client that counts the commands it sends, by name: for tests
 * that are about how many round trips the reservations make.
 */
public final class CountedMongo implements AutoCloseable {

  private final EmbeddedMongo server = EmbeddedMongo.inMemory(0);
  private final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();
  private final MongoClient client;

  public CountedMongo() {
    CommandListener counter =
        new CommandListener() {
          @Override
          public void commandStarted(CommandStartedEvent event) {
            sent.computeIfAbsent(event.getCommandName(), name -> new AtomicInteger())
                .incrementAndGet();
          }
        };
    client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString("test")))
                .addCommandListener(counter)
                .build());
  }

  /** A database of this server, through the counting client. */
  public MongoTemplate template(String database) {
    return new MongoTemplate(client, database);
  }

  /** How many commands of each name (find, insert, update...) were sent since the last reset. */
  public Map<String, Integer> sent() {
    var counts = new TreeMap<String, Integer>();
    sent.forEach((name, count) -> counts.put(name, count.get()));
    return counts;
  }

  /** How many commands were sent since the last reset, of any name. */
  public int total() {
    return sent.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public void reset() {
    sent.clear();
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
