package dev.orderflow.inventory;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.OutboxProperties;
import dev.orderflow.platform.outbox.OutboxRelay;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What a slice test of a MongoDB adapter stands on: the in-process MongoDB server the integration
 * tests use, without the broker (one per JVM, a fresh database per test), a fixed clock, and an
 * outbox relay that is never started, so what is handed to it stays in its backlog.
 */
public final class MongoSlice {

  public static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

  private static MongoClient client;

  public final MongoTemplate mongo;
  public final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  public final EventJson json = new EventJson();
  public final OutboxRelay relay =
      new OutboxRelay(
          batch -> true,
          lock -> Optional.empty(),
          new OutboxProperties(
              500, Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10), 1_000),
          "inventory-service",
          clock,
          new SimpleMeterRegistry(),
          TraceContext.none());

  public MongoSlice() {
    this.mongo = new MongoTemplate(client(), "slice-" + UUID.randomUUID());
  }

  private static synchronized MongoClient client() {
    if (client == null) {
      var server = EmbeddedMongo.inMemory(0);
      client = MongoClients.create(server.connectionString("admin"));
    }
    return client;
  }
}
