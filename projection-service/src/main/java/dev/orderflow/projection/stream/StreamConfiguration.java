package dev.orderflow.projection.stream;

import dev.orderflow.platform.kafka.KafkaPlatformProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;

/**
 * The changes topic and its two ends: the announcer every instance writes to and the reader every
 * instance reads with.
 */
@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

  /**
   * How long the broker holds a reader's fetch when there is nothing to read. Not a delay: with
   * {@link #FETCH_MIN_BYTES} a waiting fetch is answered as soon as a change arrives. It only sets
   * how often an idle reader fetches again, which costs every instance, and the brokers, CPU for
   * nothing.
   */
  static final int FETCH_MAX_WAIT_MS = 250;

  /**
   * A reader's fetch is answered by the first change. Set here, never inherited: a service whose
   * listeners wait for fuller fetches (devstack: 8 KB) would otherwise hold every change of the
   * live stream up to {@link #FETCH_MAX_WAIT_MS} at low rates.
   */
  static final int FETCH_MIN_BYTES = 1;

  /** How long the producer gathers changes before it sends; a poll's end sends at once anyway. */
  static final int LINGER_MS = 2;

  /** An announcement the broker does not take within this is dropped (best effort). */
  static final int DELIVERY_TIMEOUT_MS = 10_000;

  private static final int REQUEST_TIMEOUT_MS = 5_000;

  /**
   * How long a send may wait for the topic's metadata (known after the first send), or for room in
   * the producer's buffer; a send that times out pauses the announcements ({@link
   * ChangeAnnouncer}), so a listener waits that long once, not once per change.
   */
  private static final int MAX_BLOCK_MS = 1_000;

  private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
  private static final long RETENTION_BYTES = 4 * SEGMENT_BYTES;

  /**
   * One partition, so that every change has one place in one order, and ids are the offsets; the
   * platform's replication. A notification feed, not a store: kept an hour ({@code
   * orderflow.stream.retention}) and at most 256 MiB, in segments that roll often enough for that
   * to apply.
   */
  @Bean
  NewTopic liveChangesTopic(StreamProperties stream, KafkaPlatformProperties kafka) {
    var retention = stream.retention().toMillis();
    return new NewTopic(stream.topic(), 1, kafka.replicationFactor())
        .configs(
            Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(retention),
                TopicConfig.SEGMENT_MS_CONFIG,
                Long.toString(Math.max(60_000, retention / 6)),
                TopicConfig.RETENTION_BYTES_CONFIG,
                Long.toString(RETENTION_BYTES),
                TopicConfig.SEGMENT_BYTES_CONFIG,
                Long.toString(SEGMENT_BYTES),
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                Integer.toString(kafka.minInsyncReplicas())));
  }

  @Bean
  ChangeRecords changeRecords(StreamProperties stream, JsonMapper json) {
    return new ChangeRecords(stream.topic(), json);
  }

  /** Closed on shutdown, after the listeners have stopped, with what is still buffered sent. */
  @Bean
  ChangeAnnouncer changeAnnouncer(
      KafkaProperties kafka,
      KafkaConnectionDetails connection,
      @Value("${spring.application.name}") String service,
      ChangeRecords records,
      MeterRegistry meters) {
    Producer<String, String> producer =
        new KafkaProducer<>(
            producerConfig(
                kafka.buildProducerProperties(),
                connection.getProducer().getBootstrapServers(),
                service),
            new StringSerializer(),
            new StringSerializer());
    return new ChangeAnnouncer(producer, records, meters);
  }

  @Bean
  ChangesReader changesReader(
      KafkaAdmin admin,
      NewTopic liveChangesTopic,
      KafkaProperties kafka,
      KafkaConnectionDetails connection,
      @Value("${spring.application.name}") String service,
      ChangeRecords records,
      LiveChanges changes,
      StreamProperties stream,
      MeterRegistry meters) {
    var config =
        consumerConfig(
            kafka.buildConsumerProperties(),
            connection.getConsumer().getBootstrapServers(),
            service);
    Supplier<Consumer<String, String>> consumers =
        () -> new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    return new ChangesReader(
        topic(admin.getConfigurationProperties(), liveChangesTopic),
        consumers,
        records,
        changes,
        stream.replay(),
        meters);
  }

  /**
   * Makes the changes topic if it is not there (it is made at start with the others; again here if
   * the brokers were away then), and sets the configuration of one that is (retention, segments,
   * min ISR) to the service's, with an admin of its own: the application's admin leaves the
   * configuration of existing topics alone. A topic with more partitions keeps them (partitions are
   * never removed); {@link ChangesReader} reports it.
   */
  static Runnable topic(Map<String, Object> adminConfig, NewTopic topic) {
    var admin = new KafkaAdmin(adminConfig);
    admin.setModifyTopicConfigs(true);
    return () -> admin.createOrModifyTopics(topic);
  }

  /** The platform's producer settings, on its guarantees (acks=all, idempotent), short linger. */
  static Map<String, Object> producerConfig(
      Map<String, Object> base, Object bootstrap, String service) {
    var config = new HashMap<>(base);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-live-changes-" + UUID.randomUUID());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS);
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    return config;
  }

  /**
   * No group, nothing committed, committed records only; never makes the topic (a broker would make
   * it with its own partition count).
   */
  static Map<String, Object> consumerConfig(
      Map<String, Object> base, Object bootstrap, String service) {
    var config = new HashMap<>(base);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, service + "-live-changes-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
    config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return config;
  }
}
