package dev.orderflow.platform.mongo;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Reports MongoDB UP when it answers {@code ping} on the service's own database. Boot's own
 * indicator asks for {@code hello}, which the in-process server used by tests and {@code
 * ./devstack} does not implement; {@code ping} is answered by every MongoDB.
 */
public final class MongoPingHealthIndicator extends AbstractHealthIndicator {

  private final MongoTemplate mongo;

  public MongoPingHealthIndicator(MongoTemplate mongo) {
    super("MongoDB ping failed");
    this.mongo = mongo;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    mongo.executeCommand(new Document("ping", 1));
    builder.up().withDetail("database", mongo.getDb().getName());
  }
}
