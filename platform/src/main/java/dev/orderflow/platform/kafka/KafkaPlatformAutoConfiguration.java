package dev.orderflow.platform.kafka;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Topic;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformAutoConfiguration;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.tracing.ExportedSpansOnly;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.CompositeBatchInterceptor;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * Kafka as every service uses it: events in and out of the wire form, a producer that never loses
 * or reorders a record, consumer failures retried, logged, counted and dead-lettered, the topics
 * themselves, consumer lag and the dead-letter inbox.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, PlatformAutoConfiguration.class})
@EnableConfigurationProperties(KafkaPlatformProperties.class)
public class KafkaPlatformAutoConfiguration {

  /**
   * The dead letters of the topics this service's listeners consume, as seen by its consumer group,
   * and a producer of raw bytes to send them back.
   */
  @Bean
  DeadLetterInbox deadLetterInbox(
      KafkaProperties kafka,
      KafkaConnectionDetails connection,
      ObjectProvider<KafkaListenerEndpointRegistry> listeners,
      MongoTemplate mongo,
      Clock clock) {
    var config = kafka.buildProducerProperties();
    config.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
    var producer =
        new KafkaTemplate<>(
            new DefaultKafkaProducerFactory<String, byte[]>(
                config, new StringSerializer(), new ByteArraySerializer()));
    // The event topics this service's listeners read; not dead-letter topics.
    var eventTopics = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());
    Supplier<Collection<String>> consumedTopics =
        () ->
            listeners.getObject().getListenerContainers().stream()
                .flatMap(container -> Stream.of(container.getContainerProperties().getTopics()))
                .filter(eventTopics::contains)
                .collect(Collectors.toCollection(TreeSet::new));
    return new DeadLetterInbox(
        String.join(",", connection.getConsumer().getBootstrapServers()),
        groupId(kafka),
        consumedTopics,
        producer,
        mongo.getCollection("dead_letter_redrives"),
        clock);
  }

  /** {@code kafka_consumer_group_lag{group,topic}} of this service's listeners, from the broker. */
  @Bean
  ConsumerGroupLag consumerGroupLag(
      KafkaAdmin admin,
      KafkaListenerEndpointRegistry listeners,
      MeterRegistry meters,
      @Value("${orderflow.kafka.lag-interval:5s}") Duration interval) {
    return new ConsumerGroupLag(admin.getConfigurationProperties(), listeners, meters, interval);
  }

  /** Record values are events; one that is not becomes a dead letter instead of a poison pill. */
  @Bean
  DefaultKafkaConsumerFactoryCustomizer eventValues(EventJson json) {
    return factory -> useEventDeserializer(factory, json);
  }

  @SuppressWarnings("unchecked")
  private static <K, V> void useEventDeserializer(
      DefaultKafkaConsumerFactory<K, V> factory, EventJson json) {
    Deserializer<DomainEvent> values = new ErrorHandlingDeserializer<>(new EventDeserializer(json));
    factory.setValueDeserializer((Deserializer<V>) values);
  }

  /**
   * Static membership only when the instance has a stable name ({@code orderflow.kafka.instance-id}
   * set explicitly): {@code <service>-<instance>}, to which Spring Kafka appends the consumer's
   * index within the container. Such a member leaves the group when its container stops ({@link
   * LeaveGroupOnClose}), so a graceful stop hands its partitions over at once. Without a name,
   * membership is dynamic.
   */
  @Bean
  DefaultKafkaConsumerFactoryCustomizer staticMembership(
      KafkaPlatformProperties properties, @Value("${spring.application.name}") String serviceName) {
    return factory -> {
      if (!properties.instanceId().isBlank()) {
        factory.updateConfigs(
            Map.of(
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                serviceName + "-" + properties.instanceId()));
        factory.addPostProcessor(new LeaveGroupOnClose<>());
      }
    };
  }

  /**
   * Guarantees, not tunables: every write is acknowledged by all in-sync replicas, and the
   * idempotent producer keeps the order of each partition even when it retries.
   */
  @Bean
  DefaultKafkaProducerFactoryCustomizer reliableProducer() {
    return factory ->
        factory.updateConfigs(
            Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                5));
  }

  /** How a failed record is retried, logged and counted, for every consumer of the service. */
  @Bean
  RetryPolicy retryPolicy(
      KafkaPlatformProperties properties, KafkaProperties kafka, MeterRegistry meters) {
    return new RetryPolicy(properties.retry(), meters, groupId(kafka));
  }

  /**
   * What every poll hands to a listener is counted per topic ({@link ConsumedRecords}), and every
   * batch a listener took whole goes to the retry policy's failure log ({@link
   * RetryPolicy#passedBatches}); Spring Boot sets this one interceptor on the listener containers.
   */
  @Bean
  BatchInterceptor<Object, Object> batchInterceptor(RetryPolicy retryPolicy, MeterRegistry meters) {
    var consumed = new ConsumedRecords(meters);
    Topics.all().forEach(topic -> consumed.watch(topic.name()));
    return new CompositeBatchInterceptor<>(consumed, retryPolicy.passedBatches());
  }

  /**
   * The handler of every listener container ({@link KafkaErrorHandling}), with the fault {@code
   * dead-letter-refused}.
   */
  @Bean
  CommonErrorHandler kafkaErrorHandler(
      KafkaProperties kafka,
      KafkaConnectionDetails connection,
      EventJson json,
      RetryPolicy retryPolicy,
      MeterRegistry meters,
      ApplicationEventPublisher events,
      Faults faults) {
    var producers = KafkaErrorHandling.deadLetterProducers(kafka, connection, json);
    Topics.all()
        .forEach(topic -> {
          DeadLetters.counter(meters, topic.name());
          DeadLetters.unpublished(meters, topic.name());
          retryPolicy.watch(topic.name());
        });
    return KafkaErrorHandling.deadLetteringErrorHandler(
        new KafkaTemplate<>(producers), retryPolicy, meters, events, new DeadLetterRefusal(faults));
  }

  /** A poll's records taken as one batch, with a record listener's error semantics. */
  @Bean
  BatchConsumption batchConsumption() {
    return new BatchConsumption();
  }

  /**
   * Every container (Boot applies one customizer, so both settings are here):
   *
   * <ul>
   *   <li>Where spans are exported, one observation per record in batch containers too (Spring
   *       Kafka observes a batch listener's records otherwise not at all), so that each record has
   *       its consumer span in its trace. Nowhere else: those observations surround nothing (the
   *       batch reaches the listener once, outside them), their timer would time nothing, and each
   *       cost more than the record's share of the handling (docs/engineering/benchmarks.md); the
   *       records are counted per poll instead ({@link ConsumedRecords}). Record containers are
   *       left as they are.
   *   <li>The position past a transaction's commit marker is committed ({@code fixTxOffsets}). The
   *       outbox sweep publishes in transactions, and a marker takes the offset after the
   *       transaction's last record, which the offsets of consumed records never reach: a partition
   *       that ends with one would show a lag of 1 for good ({@code kafka_consumer_group_lag},
   *       {@code ./devstack verify}). The consumers read committed, as the fix needs.
   * </ul>
   */
  @Bean
  ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>
      orderflowContainers(ObjectProvider<SpanExporter> exporters) {
    return orderflowContainers(ExportedSpansOnly.exporting(exporters));
  }

  /** {@link #orderflowContainers(ObjectProvider)}, told whether spans are exported. */
  static ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>>
      orderflowContainers(boolean exporting) {
    return container -> {
      var properties = container.getContainerProperties();
      if (exporting && properties.getMessageListener() instanceof BatchMessageListener<?, ?>) {
        properties.setRecordObservationsInBatch(true);
      }
      properties.setFixTxOffsets(true);
    };
  }

  /**
   * Every event topic and its dead-letter topic. Events are kept forever: the read side rebuilds
   * from the beginning of the topics, and a dead letter waits until someone looks at it.
   */
  @Bean
  KafkaAdmin.NewTopics orderflowTopics(KafkaPlatformProperties properties) {
    var topics = new ArrayList<NewTopic>();
    Map<String, String> config =
        Map.of(
            TopicConfig.RETENTION_MS_CONFIG,
            "-1",
            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
            Integer.toString(properties.minInsyncReplicas()));
    for (var topic : Topics.all()) {
      for (var name : new String[] {topic.name(), topic.deadLetter()}) {
        topics.add(
            new NewTopic(name, properties.partitions(), properties.replicationFactor())
                .configs(config));
      }
    }
    return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
  }

  /** Every service names its consumer group (PlatformDefaults: the application's name). */
  private static String groupId(KafkaProperties kafka) {
    return Objects.requireNonNull(
        kafka.getConsumer().getGroupId(), "spring.kafka.consumer.group-id must be set");
  }
}
