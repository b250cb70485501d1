package dev.orderflow.platform.mongo;

import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Reports MongoDB UP when it answers {@code ping} on the service's own database within {@value
 * #TIMEOUT_MS} ms. Boot's own indicator asks for {@code hello}, which the in-process server used by
 * tests and {@code ./devstack} does not implement; {@code ping} is answered by every MongoDB. The
 * bound keeps a probe (readiness, the compose health check) from waiting for the driver's 30 s
 * server selection while MongoDB is away: it answers DOWN within seconds.
 */
public final class MongoPingHealthIndicator extends AbstractHealthIndicator {

  static final long TIMEOUT_MS = 1_500;

  private final MongoTemplate mongo;

  public MongoPingHealthIndicator(MongoTemplate mongo) {
    super("MongoDB ping failed");
    this.mongo = mongo;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    var database = mongo.getDb();
    database.withTimeout(TIMEOUT_MS, TimeUnit.MILLISECONDS).runCommand(new Document("ping", 1));
    builder.up().withDetail("database", database.getName());
  }
}
