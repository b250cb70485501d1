package dev.orderflow.platform.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.orderflow.devstack.mongo.EmbeddedMongo;
import dev.orderflow.platform.instance.InstanceName;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Two (or three) instances of one service, each with its own faults, sharing one database: what is
 * switched through one is applied by all.
 */
class ServiceWideFaultsTest {

  private static final FaultSharingProperties PROPERTIES =
      new FaultSharingProperties(
          Duration.ofMillis(250),
          Duration.ofSeconds(2),
          Duration.ofSeconds(6),
          Duration.ofSeconds(1));

  private final EmbeddedMongo mongo = EmbeddedMongo.inMemory(0);
  private final List<MongoClient> clients = new ArrayList<>();
  private final List<ServiceWideFaults> started = new ArrayList<>();

  /** One instance of the service: its faults and what shares them. */
  private record Instance(Faults faults, ServiceWideFaults shared, MeterRegistry meters) {

    Fault slow() {
      return faults.named("slow-consumer");
    }
  }

  private Instance instance(String name) {
    return instance(name, mongo.connectionString("service"));
  }

  private Instance instance(String name, String uri) {
    return instance(name, uri, Clock.systemUTC());
  }

  private Instance instance(String name, String uri, Clock clock) {
    var meters = new SimpleMeterRegistry();
    var faults = new Faults(meters, clock);
    faults.register("slow-consumer", "slows", Fault.Parameter.milliseconds("delayMs", 500));
    faults.register("stall", "stalls");
    var client = MongoClients.create(uri);
    clients.add(client);
    var shared =
        new ServiceWideFaults(
            faults,
            new MongoTemplate(client, "service"),
            new InstanceName(name),
            PROPERTIES,
            meters,
            clock);
    shared.start();
    started.add(shared);
    return new Instance(faults, shared, meters);
  }

  @AfterEach
  void stop() {
    started.forEach(ServiceWideFaults::stop);
    clients.forEach(MongoClient::close);
    mongo.close();
  }

  @Test
  void a_fault_switched_on_through_one_instance_is_applied_by_the_other_within_a_second() {
    var a = instance("host-a:8082");
    var b = instance("host-b:8082");

    var started = System.nanoTime();
    var switched = a.shared().enable("slow-consumer", Map.of("delayMs", 50L));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    assertThat(switched.instances().applied()).containsExactly("host-a:8082", "host-b:8082");
    assertThat(switched.instances().pending()).isEmpty();
    assertThat(b.slow().active()).isTrue();
    assertThat(b.slow().parameter("delayMs")).isEqualTo(50);
    assertThat(b.slow().activation().orElseThrow().since())
        .isEqualTo(a.slow().activation().orElseThrow().since());
    assertThat(b.faults().named("stall").active()).isFalse();
  }

  @Test
  void a_fault_switched_off_through_the_other_instance_is_off_on_both() {
    var a = instance("host-a:8082");
    var b = instance("host-b:8082");
    a.shared().enable("slow-consumer", Map.of());

    var switched = b.shared().disable("slow-consumer");

    assertThat(switched.fault().active()).isFalse();
    assertThat(switched.instances().applied()).containsExactly("host-a:8082", "host-b:8082");
    assertThat(a.slow().active()).isFalse();
    assertThat(a.shared().instances().get("slow-consumer").applied())
        .containsExactly("host-a:8082", "host-b:8082");
  }

  @Test
  void an_instance_that_stopped_heartbeating_is_not_waited_for_and_a_silent_one_is_named_pending() {
    var a = instance("host-a:8082");
    var registry = new MongoTemplate(clients.getFirst(), "service").getCollection("instances");
    registry.insertOne(
        new Document("_id", "gone:8082")
            .append("heartbeat", Date.from(Instant.now().minusSeconds(60)))
            .append("faults", new Document()));
    registry.insertOne(
        new Document("_id", "wedged:8082")
            .append("heartbeat", Date.from(Instant.now().plusSeconds(60)))
            .append("faults", new Document()));

    var switched = a.shared().enable("stall", Map.of());

    assertThat(switched.instances().applied()).containsExactly("host-a:8082");
    assertThat(switched.instances().pending()).containsExactly("wedged:8082");
    assertThat(a.faults().named("stall").active()).isTrue();
  }

  @Test
  void an_instance_that_starts_later_or_restarts_takes_the_faults_that_are_on() {
    var a = instance("host-a:8082");
    a.shared().enable("slow-consumer", Map.of("delayMs", 70L));

    var later = instance("host-c:8082");

    assertThat(later.slow().active()).isTrue();
    assertThat(later.slow().parameter("delayMs")).isEqualTo(70);
  }

  @Test
  void an_instance_that_stops_leaves_the_registry() {
    var a = instance("host-a:8082");
    var b = instance("host-b:8082");
    b.shared().stop();

    assertThat(a.shared().enable("stall", Map.of()).instances().applied())
        .containsExactly("host-a:8082");
  }

  @Test
  void unknown_faults_and_bad_parameters_are_refused_and_nothing_is_shared() {
    var a = instance("host-a:8082");
    var b = instance("host-b:8082");

    assertThatThrownBy(() -> a.shared().enable("meteor-strike", Map.of()))
        .isInstanceOf(UnknownFaultException.class);
    assertThatThrownBy(() -> a.shared().enable("slow-consumer", Map.of("delayMs", -1L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.shared().enable("slow-consumer", Map.of("latencyMs", 1L)))
        .isInstanceOf(UnknownFaultParameterException.class);

    assertThat(a.slow().active()).isFalse();
    assertThat(b.slow().active()).isFalse();
    assertThat(new MongoTemplate(clients.getFirst(), "service").getCollection("faults").find())
        .isEmpty();
  }

  @Test
  void without_mongodb_a_switch_is_refused_and_the_instance_keeps_its_faults() {
    var away = EmbeddedMongo.inMemory(0);
    var a = instance("host-a:8082", away.connectionString("service"));
    a.shared().enable("slow-consumer", Map.of("delayMs", 90L));
    away.close();

    var started = System.nanoTime();
    assertThatThrownBy(() -> a.shared().disable("slow-consumer"))
        .isInstanceOf(FaultsUnavailableException.class)
        .hasMessageContaining("MongoDB");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("refused within seconds, not after the driver's 30 s server selection")
        .isLessThan(Duration.ofSeconds(5));
    await("polls that fail, counted")
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.meters().get("faults.sharing.failures").counter().count() >= 2);
    assertThat(a.slow().active()).isTrue();
    assertThat(a.slow().parameter("delayMs")).isEqualTo(90);
  }

  private MongoCollection<Document> collection(String name) {
    if (clients.isEmpty()) {
      clients.add(MongoClients.create(mongo.connectionString("service")));
    }
    return new MongoTemplate(clients.getFirst(), "service").getCollection(name);
  }

  @Test
  void a_document_that_cannot_be_read_is_skipped_counted_once_and_never_stops_the_following() {
    var a = instance("host-a:8082");
    collection(ServiceWideFaults.FAULTS)
        .insertOne(
            new Document("_id", "stall")
                .append("enabled", "yes")
                .append("revision", 7L)
                .append("epoch", "bad"));
    collection(ServiceWideFaults.FAULTS)
        .insertOne(
            new Document("_id", "slow-consumer")
                .append("enabled", true)
                .append("parameters", new Document("delayMs", "fast"))
                .append("revision", 3L)
                .append("epoch", "bad"));
    // An instance that starts on them starts all the same.
    var b = instance("host-b:8082");

    await("polls go on past the documents")
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.meters().get("faults.sharing.rejected").counter().count() == 2);
    assertThat(b.meters().get("faults.sharing.rejected").counter().count()).isEqualTo(2);
    assertThat(a.meters().get("faults.sharing.failures").counter().count()).isZero();

    var switched = b.shared().enable("slow-consumer", Map.of("delayMs", 40L));

    assertThat(switched.instances().applied()).containsExactly("host-a:8082", "host-b:8082");
    assertThat(a.slow().parameter("delayMs")).isEqualTo(40);
    assertThat(a.meters().get("faults.sharing.rejected").counter().count()).isEqualTo(2);
  }

  @Test
  void a_fault_whose_document_is_gone_is_off_and_a_recreated_collection_counts_afresh() {
    var a = instance("host-a:8082");
    var b = instance("host-b:8082");
    a.shared().enable("slow-consumer", Map.of("delayMs", 60L));
    a.shared().enable("slow-consumer", Map.of("delayMs", 61L));
    a.shared().enable("stall", Map.of());

    collection(ServiceWideFaults.FAULTS).deleteOne(new Document("_id", "stall"));
    await("a deleted fault is off everywhere")
        .atMost(Duration.ofSeconds(2))
        .until(() -> !a.faults().named("stall").active() && !b.faults().named("stall").active());

    collection(ServiceWideFaults.FAULTS).drop();
    var switched = b.shared().enable("slow-consumer", Map.of("delayMs", 80L));

    assertThat(switched.instances().applied()).containsExactly("host-a:8082", "host-b:8082");
    assertThat(a.slow().parameter("delayMs")).isEqualTo(80);
    assertThat(b.slow().parameter("delayMs")).isEqualTo(80);
  }

  @Test
  void instances_whose_clocks_disagree_are_waited_for_all_the_same() {
    var uri = mongo.connectionString("service");
    var ahead = instance("ahead:8082", uri, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)));
    var behind =
        instance("behind:8082", uri, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2)));

    var switched = ahead.shared().enable("stall", Map.of());

    assertThat(switched.instances().applied()).containsExactly("ahead:8082", "behind:8082");
    assertThat(behind.shared().disable("stall").instances().applied())
        .containsExactly("ahead:8082", "behind:8082");
  }

  @Test
  void instances_not_heard_of_for_an_hour_are_forgotten() {
    var registry = collection(ServiceWideFaults.INSTANCES);
    registry.insertOne(
        new Document("_id", "killed:8082")
            .append("heartbeat", Date.from(Instant.now().minus(Duration.ofHours(2))))
            .append("faults", new Document()));
    registry.insertOne(
        new Document("_id", "quiet:8082")
            .append("heartbeat", Date.from(Instant.now().minus(Duration.ofMinutes(10))))
            .append("faults", new Document()));

    instance("host-a:8082");

    await("the one gone for hours is deleted")
        .atMost(Duration.ofSeconds(5))
        .until(() -> registry.countDocuments(new Document("_id", "killed:8082")) == 0);
    assertThat(registry.countDocuments(new Document("_id", "quiet:8082"))).isEqualTo(1);
  }

  @Test
  void without_mongodb_the_faults_still_list_without_their_instances() {
    var away = EmbeddedMongo.inMemory(0);
    var a = instance("host-a:8082", away.connectionString("service"));
    a.shared().enable("stall", Map.of());
    away.close();

    var started = System.nanoTime();
    assertThat(a.shared().instances()).isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(a.faults().named("stall").active()).isTrue();
  }

  @Test
  void an_instance_that_starts_while_mongodb_is_away_starts_within_seconds_and_follows_later() {
    var away = EmbeddedMongo.inMemory(0);
    var port = away.port();
    away.close();

    var started = System.nanoTime();
    var a = instance("host-a:8082", "mongodb://localhost:" + port + "/service");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(a.slow().active()).isFalse();
  }
}
