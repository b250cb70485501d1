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

    assertThat(first.hold()).isEqualTo(RelayLease.Hold.ACQUIRED);
    assertThat(second.hold()).isEqualTo(RelayLease.Hold.LOST);
    assertThat(first.hold()).as("the holder keeps it").isEqualTo(RelayLease.Hold.KEPT);
  }

  @Test
  void the_other_instance_takes_over_when_the_holder_stops() {
    var first = new RelayLease(locks, name, Duration.ofSeconds(10), clock);
    var second = new RelayLease(locks, name, Duration.ofSeconds(10), clock);
    first.hold();

    first.release();

    assertThat(second.hold()).isEqualTo(RelayLease.Hold.ACQUIRED);
  }

  @Test
  void the_other_instance_takes_over_when_the_holder_dies_and_its_lease_runs_out() {
    var lease = Duration.ofMillis(300);
    var dying = new RelayLease(locks, name, lease, clock);
    var survivor = new RelayLease(locks, name, lease, clock);
    assertThat(dying.hold()).isEqualTo(RelayLease.Hold.ACQUIRED);

    // The holder stops renewing, as a crashed process would.
    await("the survivor acquires the expired lease")
        .atMost(Duration.ofSeconds(5))
        .until(() -> survivor.hold() == RelayLease.Hold.ACQUIRED);
  }

  @Test
  void a_holder_that_stalled_past_its_lease_does_not_renew_the_new_holders_lock() {
    var lease = Duration.ofMillis(300);
    var stalled = new RelayLease(locks, name, lease, clock);
    var survivor = new RelayLease(locks, name, lease, clock);
    assertThat(stalled.hold()).isEqualTo(RelayLease.Hold.ACQUIRED);
    await("the survivor acquires the expired lease")
        .atMost(Duration.ofSeconds(5))
        .until(() -> survivor.hold() == RelayLease.Hold.ACQUIRED);

    // Both run on this host: ShedLock alone would extend the survivor's lock for the stalled one.
    assertThat(stalled.hold())
        .as("the stalled holder competes again, and loses")
        .isEqualTo(RelayLease.Hold.LOST);
  }

  @Test
  void a_holder_that_stalled_past_its_lease_does_not_unlock_the_new_holders_lock() {
    var lease = Duration.ofMillis(300);
    var stalled = new RelayLease(locks, name, lease, clock);
    var survivor = new RelayLease(locks, name, Duration.ofSeconds(10), clock);
    assertThat(stalled.hold()).isEqualTo(RelayLease.Hold.ACQUIRED);
    await("the survivor acquires the expired lease")
        .atMost(Duration.ofSeconds(5))
        .until(() -> survivor.hold() == RelayLease.Hold.ACQUIRED);

    // Waking up while stopping, it gives up the lock it still has in hand: long expired.
    stalled.release();

    var third = new RelayLease(locks, name, Duration.ofSeconds(10), clock);
    assertThat(third.hold()).as("the survivor's lock still stands").isEqualTo(RelayLease.Hold.LOST);
  }

  @Test
  void a_holder_that_wins_the_lease_again_after_a_stall_is_told_its_lock_is_a_new_one() {
    var lease = Duration.ofMillis(300);
    var holder = new RelayLease(locks, name, lease, clock);
    assertThat(holder.hold()).isEqualTo(RelayLease.Hold.ACQUIRED);
    assertThat(holder.hold()).isEqualTo(RelayLease.Hold.KEPT);
    assertThat(holder.held()).isTrue();

    await("the lease runs out while the holder stalls")
        .atMost(Duration.ofSeconds(5))
        .until(() -> !holder.held());

    assertThat(holder.hold())
        .as("another instance may have held it in between")
        .isEqualTo(RelayLease.Hold.ACQUIRED);
  }
}
