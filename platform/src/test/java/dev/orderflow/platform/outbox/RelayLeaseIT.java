package dev.orderflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.orderflow.devstack.EmbeddedStack;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances of a service, one relay lease: never both, and the other takes over. */
class RelayLeaseIT {

  private final MongoClient mongo =
      MongoClients.create(EmbeddedStack.shared().mongo().connectionString("leases"));
  private final MongoLockProvider locks =
      new MongoLockProvider(mongo.getDatabase("leases").getCollection("leases"));
  private final String name = "relay-" + UUID.randomUUID();
  private final Clock clock = Clock.systemUTC();

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  void only_one_of_two_instances_holds_the_lease() {
    var first = new RelayLease(locks, name, Duration.ofSeconds(10), clock);
    var second = new RelayLease(locks, name, Duration.ofSeconds(10), clock);

    assertThat(first.hold()).isTrue();
    assertThat(second.hold()).isFalse();
    assertThat(first.hold()).as("the holder keeps it").isTrue();
  }

  @Test
  void the_other_instance_takes_over_when_the_holder_stops() {
    var first = new RelayLease(locks, name, Duration.ofSeconds(10), clock);
    var second = new RelayLease(locks, name, Duration.ofSeconds(10), clock);
    first.hold();

    first.release();

    assertThat(second.hold()).isTrue();
  }

  @Test
  void the_other_instance_takes_over_when_the_holder_dies_and_its_lease_runs_out() {
    var lease = Duration.ofMillis(300);
    var dying = new RelayLease(locks, name, lease, clock);
    var survivor = new RelayLease(locks, name, lease, clock);
    assertThat(dying.hold()).isTrue();

    // The holder stops renewing, as a crashed process would.
    await("the survivor acquires the expired lease")
        .atMost(Duration.ofSeconds(5))
        .until(survivor::hold);
  }

  @Test
  void a_holder_that_stalled_past_its_lease_does_not_renew_the_new_holders_lock() {
    var lease = Duration.ofMillis(300);
    var stalled = new RelayLease(locks, name, lease, clock);
    var survivor = new RelayLease(locks, name, lease, clock);
    assertThat(stalled.hold()).isTrue();
    await("the survivor acquires the expired lease")
        .atMost(Duration.ofSeconds(5))
        .until(survivor::hold);

    // Both run on this host: ShedLock alone would extend the survivor's lock for the stalled one.
    assertThat(stalled.hold()).as("the stalled holder competes again, and loses").isFalse();
    stalled.release();
    assertThat(survivor.hold()).as("nor does it unlock the survivor's lock").isTrue();
    var third = new RelayLease(locks, name, lease, clock);
    assertThat(third.hold()).isFalse();
  }
}
