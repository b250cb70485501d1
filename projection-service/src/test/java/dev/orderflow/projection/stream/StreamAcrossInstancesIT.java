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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
    try (var admin = admin()) {
      admin.createTopics(List.of(changesTopic(properties(topic)))).all().get();
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
    assertThat(later.changes.recent())
        .as("read when its reader has started, before the instance serves")
        .hasSize(REPLAY);
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

  @Test
  void a_topic_the_broker_made_with_six_partitions_still_streams_every_change_and_is_reported()
      throws Exception {
    // What a broker that creates topics by itself makes when a send comes before the service's
    // own topic: its default partition count, its default retention.
    var autoCreated = topic + "-auto";
    try (var admin = admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(autoCreated, 6, (short) 1)
                      .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "604800000"))))
          .all()
          .get();
    }
    var properties = properties(autoCreated);
    var a =
        start(properties, StreamConfiguration.topic(adminConfig(), changesTopic(properties)), 0);
    var b = start(properties, () -> {}, 0);
    var onB = new RecordingClient();
    b.changes.subscribe(onB, ChangeFilter.EVERYTHING, null);

    for (int order = 1; order <= 12; order++) {
      a.apply(order("o-" + order, 1));
    }

    await("every change, whatever its key").atMost(SEEN).until(() -> onB.ids().size() == 12);
    assertThat(onB.ids()).containsExactlyElementsOf(LongStream.range(0, 12).boxed().toList());
    assertThat(a.meters.get("projection.stream.topic.partitions").gauge().value()).isEqualTo(6);
    assertThat(a.meters.get("projection.stream.reader.connected").gauge().value()).isOne();
    try (var admin = admin()) {
      var resource = new ConfigResource(ConfigResource.Type.TOPIC, autoCreated);
      var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
          .as("the service's retention set on the topic it found")
          .isEqualTo(Long.toString(properties.retention().toMillis()));
    }
  }

  @Test
  void a_reader_that_fails_even_with_an_error_starts_again_counted_and_reads_on() {
    var a = start();
    var b = start(properties(topic), () -> {}, 1);
    var onB = new RecordingClient();
    b.changes.subscribe(onB, ChangeFilter.EVERYTHING, null);

    a.apply(order("o-1", 1));

    await("the change on B").atMost(SEEN).until(() -> onB.ids().size() == 1);
    assertThat(b.meters.get("projection.stream.reader.restarts").counter().count()).isOne();
    assertThat(b.reader.connected()).isTrue();
    assertThat(b.meters.get("projection.stream.reader.lag").gauge().value()).isZero();
  }

  @Test
  void a_stopped_reader_starts_again_where_it_was() {
    var a = start();
    var b = start();
    var onB = new RecordingClient();
    b.changes.subscribe(onB, ChangeFilter.EVERYTHING, null);
    a.apply(order("o-1", 1));
    await("the first change on B").atMost(SEEN).until(() -> onB.ids().size() == 1);

    b.reader.stop();
    assertThat(b.reader.isRunning()).isFalse();
    a.apply(order("o-1", 2));
    b.reader.start();

    await("the change made while it was stopped").atMost(SEEN).until(() -> onB.ids().size() == 2);
    assertThat(onB.ids()).containsExactly(0L, 1L);
  }

  private Instance start() {
    return start(properties(topic), () -> {}, 0);
  }

  /** An instance whose first {@code failures} consumers fail as they are made. */
  private Instance start(StreamProperties properties, Runnable makeTopic, int failures) {
    var instance = new Instance(bootstrap, properties, makeTopic, failures);
    instances.add(instance);
    assertThat(instance.changes.next()).as("placed when its reader has started").isNotNegative();
    return instance;
  }

  private Admin admin() {
    return Admin.create(adminConfig());
  }

  private Map<String, Object> adminConfig() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
  }

  private static NewTopic changesTopic(StreamProperties properties) {
    return new StreamConfiguration()
        .liveChangesTopic(
            properties,
            new KafkaPlatformProperties(
                3,
                (short) 1,
                1,
                new KafkaPlatformProperties.Retry(
                    4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(2), Duration.ofMinutes(2)),
                ""));
  }

  private static StreamProperties properties(String topic) {
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
    return new OrderViewChanged(
        orderId, "c-1", OrderStatus.PENDING, version, null, null, "OrderPlaced");
  }

  /** What one projection-service process holds of the stream. */
  static final class Instance {

    final LiveChanges changes;
    final ChangeAnnouncer announcer;
    final ChangesReader reader;
    final KafkaProducer<String, String> producer;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    Instance(String bootstrap, StreamProperties properties, Runnable makeTopic, int failures) {
      var records = new ChangeRecords(properties.topic(), JsonMapper.builder().build());
      changes = new LiveChanges(properties, meters);
      producer =
          new KafkaProducer<>(
              StreamConfiguration.producerConfig(Map.of(), bootstrap, "test"),
              new StringSerializer(),
              new StringSerializer());
      announcer = new ChangeAnnouncer(producer, records, meters);
      var consumerConfig = StreamConfiguration.consumerConfig(Map.of(), bootstrap, "test");
      var failing = new AtomicInteger(failures);
      reader =
          new ChangesReader(
              makeTopic,
              () -> {
                if (failing.getAndDecrement() > 0) {
                  throw new AssertionError("a consumer that fails as it is made");
                }
                return new KafkaConsumer<>(
                    consumerConfig, new StringDeserializer(), new StringDeserializer());
              },
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
