package dev.orderflow.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.events.OrderEvent.OrderPlaced;
import dev.orderflow.events.OrderLine;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Two instances of one service, each with its own relay, sharing one database and one broker: each
 * publishes its own hand-offs at once, only the lease holder sweeps, and a holder that stalled past
 * its lease cannot publish once the other has taken over.
 */
class RelayInstancesIT extends PlatformTestSupport {

  private static final Duration NO_SWEEP_IN_TIME = Duration.ofMinutes(1);

  @Autowired MongoTemplate mongo;
  @Autowired EventJson json;

  private final String service = "relay-pair-" + UUID.randomUUID();
  private final String collection = "pair-" + UUID.randomUUID();
  private final List<Instance> instances = new ArrayList<>();

  @AfterEach
  void stop() {
    instances.forEach(Instance::stop);
  }

  @Test
  void every_instance_publishes_its_own_hand_offs_without_waiting_for_a_sweep() {
    var properties = properties(NO_SWEEP_IN_TIME, Duration.ofSeconds(10));
    var leader = start(properties);
    await("the first instance holds the lease").atMost(Duration.ofSeconds(10)).until(leader::leads);
    var other = start(properties);

    var keys = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      keys.add(leader.store(true));
      keys.add(other.store(true));
    }

    await("every hand-off published, long before a sweep could run")
        .atMost(Duration.ofSeconds(5))
        .until(() -> committedKeys().containsAll(keys));
    assertThat(other.leads()).as("the second instance does not hold the lease").isFalse();
    assertThat(other.relayed()).as("published by the instance that wrote them").isEqualTo(5);
    assertThat(leader.relayed()).isEqualTo(5);
    assertThat(leader.swept() + other.swept()).as("no sweep involved").isZero();
  }

  @Test
  void only_the_lease_holder_sweeps() {
    var properties = properties(Duration.ofMillis(200), Duration.ofSeconds(10));
    var leader = start(properties);
    await("the first instance holds the lease").atMost(Duration.ofSeconds(10)).until(leader::leads);
    var other = start(properties);

    // Stored but never handed off, as if the writers had crashed right after their writes.
    var keys = List.of(other.store(false), other.store(false), leader.store(false));

    await("the lease holder's sweep publishes them")
        .atMost(Duration.ofSeconds(10))
        .until(() -> committedKeys().containsAll(keys));
    await().atMost(Duration.ofSeconds(5)).until(() -> leader.swept() == 3);
    assertThat(other.swept()).isZero();
    assertThat(other.relayed()).isZero();
  }

  @Test
  void a_lease_holder_that_stalled_past_its_lease_is_fenced_and_its_batch_never_seen() {
    var properties = properties(Duration.ofMillis(200), Duration.ofSeconds(1));
    var stalled = new CountDownLatch(1);
    var resume = new CountDownLatch(1);
    var once = new AtomicBoolean();
    var first =
        start(
            properties,
            () -> {
              var producer = sweepProducer();
              return once.compareAndSet(false, true)
                  ? stallingBeforeCommit(producer, stalled, resume)
                  : producer;
            });
    await("the first instance holds the lease").atMost(Duration.ofSeconds(10)).until(first::leads);

    var key = first.store(false);
    await("the first instance's sweep sent the event and stalls before committing")
        .atMost(Duration.ofSeconds(10))
        .until(() -> stalled.getCount() == 0);
    var second = start(properties);

    await("the second instance takes the lease over and its sweep publishes the event")
        .atMost(Duration.ofSeconds(15))
        .until(() -> committed(key) == 1);
    assertThat(second.leads()).isTrue();
    assertThat(second.swept()).isEqualTo(1);

    resume.countDown();
    await("the stalled instance is fenced when it wakes up")
        .atMost(Duration.ofSeconds(10))
        .until(() -> first.fenced() == 1);
    assertThat(first.leads()).as("it gave the lease up").isFalse();
    assertThat(second.leads()).as("without taking it from the new holder").isTrue();
    assertThat(first.swept()).isZero();
    assertThat(committed(key)).as("its copy aborted, invisible to read_committed").isEqualTo(1);
    assertThat(EmbeddedStack.shared().kafka().readAll(Topics.ORDER_EVENTS.name()))
        .filteredOn(record -> key.equals(record.key()))
        .as("its copy was written, then aborted")
        .hasSize(2);
  }

  @Test
  void a_holder_that_wins_the_lease_again_after_a_stall_sweeps_with_a_new_producer() {
    var properties = properties(Duration.ofMillis(200), Duration.ofSeconds(1));
    var stalled = new CountDownLatch(1);
    var resume = new CountDownLatch(1);
    var first = start(properties);
    await("the first instance holds the lease").atMost(Duration.ofSeconds(10)).until(first::leads);
    // Its sweeper freezes in the middle of a pass, past its lease.
    first.relay.register(stallingSource(stalled, resume));
    await().atMost(Duration.ofSeconds(10)).until(() -> stalled.getCount() == 0);

    var second = start(properties);
    await("the second instance takes the lease over, fencing the first one's producer")
        .atMost(Duration.ofSeconds(15))
        .until(second::leads);
    var key = second.store(false);
    await().atMost(Duration.ofSeconds(10)).until(() -> committed(key) == 1);
    second.stop();
    instances.remove(second);

    var left = first.store(false);
    resume.countDown();
    await("the first instance wins the lease again and sweeps with a new producer")
        .atMost(Duration.ofSeconds(15))
        .until(() -> committed(left) == 1);
    assertThat(first.leads()).isTrue();
    assertThat(first.fenced()).as("not fenced: it took the sweep over again").isZero();
  }

  @Test
  void a_writer_on_another_instance_publishes_the_earlier_unpublished_event_ahead_of_its_own() {
    var properties = properties(NO_SWEEP_IN_TIME, Duration.ofSeconds(10));
    var held = new AtomicBoolean(true);
    var writerA = start(properties, this::sweepProducer, held);
    var writerB = start(properties);

    // Instance A stores v1 and hands it to its relay, which is slow to publish it.
    var orderId = UUID.randomUUID().toString();
    var v1 = writerA.outbox.pending(orderId, List.of(placed(orderId, 1)));
    mongo.insert(
        new Document("_id", orderId).append(EmbeddedOutbox.FIELD, v1.entries()), collection);
    writerA.outbox.stored(v1);
    // Instance B writes v2 of the same key: as order-service's event store does, it hands over
    // the key's earlier unpublished event in front of its own.
    var v2 = writerB.outbox.pending(orderId, List.of(placed(orderId, 2)));
    mongo.updateFirst(
        org.springframework.data.mongodb.core.query.Query.query(
            org.springframework.data.mongodb.core.query.Criteria.where("_id").is(orderId)),
        new org.springframework.data.mongodb.core.query.Update()
            .push(EmbeddedOutbox.FIELD)
            .each(v2.entries().toArray()),
        collection);
    writerB.relay.handOff(
        java.util.stream.Stream.concat(v1.messages().stream(), v2.messages().stream()).toList());
    await().atMost(Duration.ofSeconds(10)).until(() -> committed(orderId) == 2);
    held.set(false);
    await("A's copy goes out too, later")
        .atMost(Duration.ofSeconds(10))
        .until(() -> committed(orderId) == 3);

    var versions =
        readCommitted().stream()
            .filter(record -> orderId.equals(record.key()))
            .map(record -> ((OrderEvent) json.read(record.value())).version())
            .toList();
    assertThat(versions)
        .as("v1's first copy before v2; A's copy a duplicate after")
        .containsExactly(1L, 2L, 1L);
  }

  /** A source that freezes the sweeper in its first look, until {@code resume}. */
  private static OutboxSource stallingSource(CountDownLatch stalled, CountDownLatch resume) {
    return new OutboxSource() {
      @Override
      public String name() {
        return "stalling";
      }

      @Override
      public List<OutboxMessage> findUnpublished(Instant storedBefore, int limit) {
        if (stalled.getCount() > 0) {
          stalled.countDown();
          try {
            assertThat(resume.await(60, TimeUnit.SECONDS)).isTrue();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return List.of();
      }

      @Override
      public long countUnpublished(Instant storedBefore, int limit) {
        return 0;
      }

      @Override
      public void markPublished(List<OutboxMessage> messages) {}
    };
  }

  private OutboxProperties properties(Duration sweepInterval, Duration lease) {
    return new OutboxProperties(500, sweepInterval, Duration.ofMillis(100), lease, 1_000);
  }

  private Instance start(OutboxProperties properties) {
    return start(properties, this::sweepProducer);
  }

  private Instance start(
      OutboxProperties properties, Supplier<Producer<String, String>> sweepProducers) {
    return start(properties, sweepProducers, new AtomicBoolean());
  }

  /** {@code handOffsHeld}: while true, the instance's hand-offs are held back (not published). */
  private Instance start(
      OutboxProperties properties,
      Supplier<Producer<String, String>> sweepProducers,
      AtomicBoolean handOffsHeld) {
    var instance = new Instance(properties, sweepProducers, handOffsHeld);
    instances.add(instance);
    instance.relay.start();
    return instance;
  }

  private Producer<String, String> sweepProducer() {
    var config =
        OutboxAutoConfiguration.sweepProducerConfig(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
            service,
            properties(Duration.ZERO, Duration.ofSeconds(10)));
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** A producer whose owner freezes between sending a transaction and committing it. */
  @SuppressWarnings("unchecked")
  private static Producer<String, String> stallingBeforeCommit(
      Producer<String, String> producer, CountDownLatch stalled, CountDownLatch resume) {
    return (Producer<String, String>)
        Proxy.newProxyInstance(
            Producer.class.getClassLoader(),
            new Class<?>[] {Producer.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commitTransaction")) {
                stalled.countDown();
                assertThat(resume.await(60, TimeUnit.SECONDS)).isTrue();
              }
              try {
                return method.invoke(producer, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** One instance of the service: its relay, its metrics, and its writers' outbox. */
  private final class Instance {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final KafkaTemplate<String, String> kafka;
    final OutboxRelay relay;
    final EmbeddedOutbox outbox;

    Instance(
        OutboxProperties properties,
        Supplier<Producer<String, String>> sweepProducers,
        AtomicBoolean handOffsHeld) {
      var config = new java.util.HashMap<String, Object>();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      kafka =
          new KafkaTemplate<>(
              new DefaultKafkaProducerFactory<>(
                  config, new StringSerializer(), new StringSerializer()));
      var handOffs = new KafkaOutboxPublisher(kafka, service);
      relay =
          new OutboxRelay(
              batch -> !handOffsHeld.get() && handOffs.publish(batch),
              new TransactionalOutboxPublisher(sweepProducers, service, Duration.ofSeconds(5)),
              new MongoLockProvider(mongo.getCollection("leases")),
              properties,
              service,
              Clock.systemUTC(),
              meters,
              TraceContext.none());
      outbox = new EmbeddedOutbox(collection, mongo, json, relay, Clock.systemUTC());
    }

    /** Stores an order's placement in a new document; hands it off if {@code handOff}. */
    String store(boolean handOff) {
      var orderId = UUID.randomUUID().toString();
      var pending = outbox.pending(orderId, List.of(placed(orderId)));
      mongo.insert(
          new Document("_id", orderId).append(EmbeddedOutbox.FIELD, pending.entries()), collection);
      if (handOff) {
        outbox.stored(pending);
      }
      return orderId;
    }

    boolean leads() {
      return meters.get("outbox.relay.leader").gauge().value() == 1;
    }

    double relayed() {
      return count("outbox.relayed");
    }

    double swept() {
      return count("outbox.swept");
    }

    double fenced() {
      return meters.get("outbox.relay.fenced").counter().count();
    }

    private double count(String name) {
      Counter counter = meters.find(name).tag("source", collection).counter();
      return counter == null ? 0 : counter.count();
    }

    void stop() {
      relay.stop();
      kafka.getProducerFactory().reset();
    }
  }

  private static String bootstrapServers() {
    return EmbeddedStack.shared().kafka().bootstrapServers();
  }

  private List<String> committedKeys() {
    return readCommitted().stream().map(ConsumerRecord::key).toList();
  }

  private long committed(String key) {
    return readCommitted().stream().filter(record -> key.equals(record.key())).count();
  }

  /** What a consumer reading with {@code isolation.level=read_committed} sees of the topic now. */
  private static List<ConsumerRecord<String, byte[]>> readCommitted() {
    return TopicRecords.readCommitted(bootstrapServers(), Topics.ORDER_EVENTS.name());
  }

  private static OrderPlaced placed(String orderId) {
    return placed(orderId, 1);
  }

  private static OrderPlaced placed(String orderId, long version) {
    return new OrderPlaced(
        orderId,
        version,
        Instant.now(),
        "c-1",
        List.of(new OrderLine("SKU-1", 1, new BigDecimal("9.99"))),
        new BigDecimal("9.99"));
  }
}
