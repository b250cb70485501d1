package dev.orderflow.projection.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.platform.kafka.KafkaPlatformProperties;
import dev.orderflow.projection.order.OrderViewChanged;
import dev.orderflow.projection.order.domain.OrderStatus;
import dev.orderflow.projection.stock.StockViewChanged;
import dev.orderflow.projection.stream.LiveChangesTest.RecordingClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of the stream (announcer, changes reader, subscribers), as two projection-service
 * processes have them, on one broker and one changes topic of their own.
 */
class StreamAcrossInstancesIT {

  static final int REPLAY = 5;
  static final Duration SEEN = Duration.ofSeconds(20);

  final String bootstrap = EmbeddedStack.shared().kafka().bootstrapServers();
  final String topic = "projections.changes.test-" + UUID.randomUUID();
  final List<Instance> instances = new ArrayList<>();

  @BeforeEach
  void createTopic() throws Exception {
    var properties = properties();
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new StreamConfiguration()
                      .liveChangesTopic(
                          properties,
                          new KafkaPlatformProperties(
                              3,
                              (short) 1,
                              1,
                              new KafkaPlatformProperties.Retry(
                                  4,
                                  Duration.ofMillis(200),
                                  2.0,
                                  Duration.ofSeconds(2),
                                  Duration.ofMinutes(2)),
                              ""))))
          .all()
          .get();
    }
  }

  @AfterEach
  void stop() {
    instances.forEach(Instance::stop);
  }

  @Test
  void a_change_applied_by_one_instance_reaches_the_subscribers_of_every_instance_with_one_id() {
    var a = start();
    var b = start();
    var onA = new RecordingClient();
    var onB = new RecordingClient();
    a.changes.subscribe(onA, ChangeFilter.EVERYTHING, null);
    b.changes.subscribe(onB, ChangeFilter.EVERYTHING, null);

    a.apply(order("o-1", 1));
    a.apply(new StockViewChanged("SKU-1", 10, 1, 9, 3));

    await("both changes on both instances")
        .atMost(SEEN)
        .until(() -> onA.ids().size() == 2 && onB.ids().size() == 2);
    assertThat(onB.ids()).isEqualTo(onA.ids()).containsExactly(0L, 1L);
    assertThat(onB.names()).containsExactly(LiveChanges.ORDER, LiveChanges.STOCK);
    assertThat(onB.text()).contains("orderId=o-1", "sku=SKU-1");
  }

  @Test
  void a_subscriber_that_read_up_to_an_id_on_one_instance_resumes_on_another_without_a_reset() {
    var a = start();
    var b = start();
    var onB = new RecordingClient();
    b.changes.subscribe(onB, new ChangeFilter(null, "o-1"), null);
    a.apply(order("o-1", 1));
    a.apply(order("o-2", 1));
    await("the first change on B").atMost(SEEN).until(() -> onB.ids().size() == 1);
    long lastSeen = onB.ids().getLast();
    // Gone while the order moved on, through either instance.
    b.apply(order("o-1", 2));
    a.apply(order("o-1", 3));
    await("A read them").atMost(SEEN).until(() -> a.changes.next() >= lastSeen + 4);

    var onA = new RecordingClient();
    a.changes.subscribe(onA, new ChangeFilter(null, "o-1"), lastSeen);
    a.apply(order("o-1", 4));

    await("what it missed, then the new change").atMost(SEEN).until(() -> onA.ids().size() == 3);
    assertThat(onA.names()).doesNotContain(LiveChanges.RESET);
    assertThat(onA.text()).contains("version=2", "version=3", "version=4");
    assertThat(onA.ids()).allSatisfy(id -> assertThat(id).isGreaterThan(lastSeen)).isSorted();
  }

  @Test
  void an_instance_that_starts_later_resumes_ids_from_the_tail_and_resets_older_ones() {
    var a = start();
    for (int version = 1; version <= REPLAY * 2; version++) {
      a.apply(order("o-1", version));
    }
    await("A read them all").atMost(SEEN).until(() -> a.changes.next() == REPLAY * 2);

    var later = start();
    await("the later instance read the tail")
        .atMost(SEEN)
        .until(() -> later.changes.recent().size() == REPLAY);
    var resumed = new RecordingClient();
    later.changes.subscribe(resumed, ChangeFilter.EVERYTHING, (long) REPLAY * 2 - 3);
    var tooOld = new RecordingClient();
    later.changes.subscribe(tooOld, ChangeFilter.EVERYTHING, 1L);
    var fresh = new RecordingClient();
    later.changes.subscribe(fresh, ChangeFilter.EVERYTHING, null);

    await("the replays")
        .atMost(SEEN)
        .until(() -> resumed.ids().size() == 2 && tooOld.ids().size() == REPLAY);
    assertThat(resumed.ids()).containsExactly((long) REPLAY * 2 - 2, (long) REPLAY * 2 - 1);
    assertThat(resumed.names()).doesNotContain(LiveChanges.RESET);
    assertThat(tooOld.names().getFirst()).isEqualTo(LiveChanges.RESET);
    assertThat(tooOld.ids()).startsWith((long) REPLAY);
    assertThat(fresh.names()).as("the tail is no news").isEmpty();
  }

  private Instance start() {
    var instance = new Instance(bootstrap, properties());
    instances.add(instance);
    await("the instance reads the changes").atMost(SEEN).until(() -> instance.changes.next() >= 0);
    return instance;
  }

  private StreamProperties properties() {
    return new StreamProperties(
        Duration.ofMinutes(1),
        100,
        REPLAY,
        Duration.ofSeconds(15),
        10,
        10,
        topic,
        Duration.ofHours(1),
        Duration.ofSeconds(2));
  }

  private static OrderViewChanged order(String orderId, long version) {
    return new OrderViewChanged(orderId, "c-1", OrderStatus.PENDING, version, "OrderPlaced");
  }

  /** What one projection-service process holds of the stream. */
  static final class Instance {

    final LiveChanges changes;
    final ChangeAnnouncer announcer;
    final ChangesReader reader;
    final KafkaProducer<String, String> producer;

    Instance(String bootstrap, StreamProperties properties) {
      var meters = new SimpleMeterRegistry();
      var records = new ChangeRecords(properties.topic(), JsonMapper.builder().build());
      changes = new LiveChanges(properties, meters);
      producer =
          new KafkaProducer<>(
              StreamConfiguration.producerConfig(Map.of(), bootstrap, "test"),
              new StringSerializer(),
              new StringSerializer());
      announcer = new ChangeAnnouncer(producer, records, meters);
      var consumerConfig = StreamConfiguration.consumerConfig(Map.of(), bootstrap, "test");
      reader =
          new ChangesReader(
              () -> {},
              () ->
                  new KafkaConsumer<>(
                      consumerConfig, new StringDeserializer(), new StringDeserializer()),
              records,
              changes,
              properties.replay(),
              meters);
      changes.start();
      reader.start();
    }

    /** A change this instance applied, announced at the end of its poll. */
    void apply(Object change) {
      switch (change) {
        case OrderViewChanged order -> announcer.on(order);
        case StockViewChanged stock -> announcer.on(stock);
        default -> throw new IllegalArgumentException();
      }
      announcer.awaitSent();
    }

    void stop() {
      changes.stop();
      reader.stop();
      announcer.close();
    }
  }
}
