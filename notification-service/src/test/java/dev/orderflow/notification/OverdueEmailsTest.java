package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.OutboxRelay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * {@code notifications_deferred_overdue} counted on a schedule: what MongoDB says, and NaN (not the
 * last count) while MongoDB cannot say.
 */
class OverdueEmailsTest {

  static final EmbeddedMongo SERVER = EmbeddedMongo.inMemory(0);
  static final MongoClient CLIENT = MongoClients.create(SERVER.connectionString("overdue"));

  @AfterAll
  static void close() {
    CLIENT.close();
    SERVER.close();
  }

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final AtomicBoolean away = new AtomicBoolean();
  final NotificationStore notifications =
      new NotificationStore(
          new MongoTemplate(CLIENT, "overdue"),
          new EventJson(),
          mock(OutboxRelay.class),
          Clock.systemUTC()) {
        @Override
        long overdue(Instant dueBefore, Duration atMost) {
          if (away.get()) {
            throw new MongoException("Timed out while waiting for a server");
          }
          return super.overdue(dueBefore, atMost);
        }
      };
  final OverdueEmails overdue =
      new EmailConfiguration().overdueEmails(notifications, Clock.systemUTC(), meters);

  double gauge() {
    return meters.get("notifications.deferred.overdue").gauge().value();
  }

  @Test
  void the_gauge_is_unknown_until_counted_then_shows_the_count() {
    assertThat(gauge()).isNaN();

    overdue.count();

    assertThat(gauge()).isZero();
    assertThat(meters.get("notifications.deferred.overdue.read.age").gauge().value())
        .isLessThan(1.0);
  }

  @Test
  void with_mongodb_away_the_gauge_is_nan_not_its_last_count_and_counts_again_once_it_is_back() {
    overdue.count();
    assertThat(gauge()).isZero();

    away.set(true);
    overdue.count();

    assertThat(gauge()).isNaN();
    away.set(false);
    overdue.count();
    assertThat(gauge()).isZero();
  }
}
