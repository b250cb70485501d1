package dev.orderflow.platform;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Topic;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.admin.AdminProblems;
import dev.orderflow.platform.admin.AdminSecurityConfiguration;
import dev.orderflow.platform.admin.DeadLettersController;
import dev.orderflow.platform.admin.FaultsController;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.kafka.ConsumerGroupLag;
import dev.orderflow.platform.kafka.DeadLetterInbox;
import dev.orderflow.platform.kafka.DeadLetters;
import dev.orderflow.platform.kafka.EventDeserializer;
import dev.orderflow.platform.kafka.KafkaErrorHandling;
import dev.orderflow.platform.kafka.KafkaPlatformProperties;
import dev.orderflow.platform.kafka.RetryPolicy;
import dev.orderflow.platform.mongo.MongoPingHealthIndicator;
import dev.orderflow.platform.outbox.OutboxProperties;
import dev.orderflow.platform.outbox.OutboxRelay;
import dev.orderflow.platform.tracing.EventLogContext;
import dev.orderflow.platform.tracing.TraceContext;
import dev.orderflow.platform.web.ActuatorProblems;
import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.LimitsProperties;
import dev.orderflow.platform.web.OrderIdLogContext;
import dev.orderflow.platform.web.ProblemErrorController;
import dev.orderflow.platform.web.ProblemErrorReportValve;
import dev.orderflow.platform.web.RequestMediaTypes;
import dev.orderflow.platform.web.RequestProblems;
import dev.orderflow.platform.web.RequestSizeLimit;
import dev.orderflow.platform.web.WebProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/**
 * What every service gets by depending on {@code platform}: event (de)serialisation, a producer
 * that never loses or reorders a record, consumer error handling with dead-letter topics, the
 * topics themselves, the outbox relay and a MongoDB health check that works on every MongoDB.
 */
@AutoConfiguration(
    after = KafkaAutoConfiguration.class,
    before = MongoHealthContributorAutoConfiguration.class,
    // Our RequestProblems replaces Boot's default problem-details handler, so decide before it
    // does.
    beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@EnableConfigurationProperties({OutboxProperties.class, KafkaPlatformProperties.class})
public class PlatformAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  EventJson eventJson() {
    return new EventJson();
  }

  @Bean
  TraceContext traceContext(ObjectProvider<Tracer> tracer) {
    return new TraceContext(tracer.getIfAvailable(() -> Tracer.NOOP));
  }

  @Bean
  Faults faults(MeterRegistry meters, Clock clock) {
    return new Faults(meters, clock);
  }

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
    // The event topics this service's listeners read; not retry topics or dead-letter topics.
    var eventTopics = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());
    Supplier<Collection<String>> consumedTopics =
        () ->
            listeners.getObject().getListenerContainers().stream()
                .flatMap(container -> Stream.of(container.getContainerProperties().getTopics()))
                .filter(eventTopics::contains)
                .collect(Collectors.toCollection(TreeSet::new));
    return new DeadLetterInbox(
        String.join(",", connection.getConsumer().getBootstrapServers()),
        kafka.getConsumer().getGroupId(),
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

  /** Which order (or sku) the log lines written while handling a record are about. */
  @Bean
  EventLogContext eventLogContext() {
    return new EventLogContext();
  }

  /** Record values are events; one that is not becomes a dead letter instead of a poison pill. */
  @Bean
  DefaultKafkaConsumerFactoryCustomizer eventValues(EventJson json) {
    return factory -> useEventDeserializer(factory, json);
  }

  /**
   * Static membership when the instance has a stable name: {@code <service>-<instance>}, to which
   * Spring Kafka appends the consumer's index within the container.
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
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <K, V> void useEventDeserializer(
      DefaultKafkaConsumerFactory<K, V> factory, EventJson json) {
    Deserializer<DomainEvent> values = new ErrorHandlingDeserializer<>(new EventDeserializer(json));
    factory.setValueDeserializer((Deserializer<V>) values);
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
    return new RetryPolicy(properties.retry(), meters, kafka.getConsumer().getGroupId());
  }

  @Bean
  CommonErrorHandler kafkaErrorHandler(
      KafkaProperties kafka,
      KafkaConnectionDetails connection,
      EventJson json,
      RetryPolicy retryPolicy,
      MeterRegistry meters,
      ApplicationEventPublisher events) {
    var producers = KafkaErrorHandling.deadLetterProducers(kafka, connection, json);
    Topics.all()
        .forEach(topic -> {
          DeadLetters.counter(meters, topic.name());
          DeadLetters.unpublished(meters, topic.name());
          retryPolicy.watch(topic.name());
        });
    return KafkaErrorHandling.deadLetteringErrorHandler(
        new KafkaTemplate<>(producers), retryPolicy, meters, events);
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

  /**
   * Leases in the service's own database (collection {@code leases}): which instance relays, and
   * which runs a job that must run once per service rather than once per instance.
   */
  @Bean
  @ConditionalOnMissingBean
  LockProvider leases(MongoTemplate mongo) {
    return new MongoLockProvider(mongo.getCollection("leases"));
  }

  @Bean
  OutboxRelay outboxRelay(
      KafkaTemplate<String, String> kafka,
      LockProvider leases,
      OutboxProperties properties,
      @Value("${spring.application.name}") String serviceName,
      Clock clock,
      MeterRegistry meters,
      Faults faults,
      TraceContext traces) {
    return new OutboxRelay(kafka, leases, properties, serviceName, clock, meters, faults, traces);
  }

  /**
   * Acknowledged means durable (ADR 12): a write is answered once it is in the journal of a
   * majority of the replica set, so no failover can take it back, and a read sees only such writes,
   * so nothing a service acts on (the relay's sweep, say) can vanish afterwards. mongo-java-server
   * ignores both; the embedded one's own commits give the same promise.
   */
  @Bean
  MongoClientSettingsBuilderCustomizer durableMongo() {
    return settings ->
        settings
            .writeConcern(WriteConcern.MAJORITY.withJournal(true))
            .readConcern(ReadConcern.MAJORITY);
  }

  @Bean
  MongoPingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
    return new MongoPingHealthIndicator(mongo);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @EnableConfigurationProperties({WebProperties.class, LimitsProperties.class})
  @Import({
    AdminSecurityConfiguration.class,
    FaultsController.class,
    DeadLettersController.class,
    AdminProblems.class,
    ProblemErrorController.class
  })
  static class WebConfiguration {

    @Bean
    ProblemErrorReportValve.Installer problemErrorReports() {
      return new ProblemErrorReportValve.Installer();
    }

    @Bean
    ClientLimits clientLimits(LimitsProperties properties, MeterRegistry meters) {
      return new ClientLimits(properties, meters);
    }

    @Bean
    RequestProblems requestProblems() {
      return new RequestProblems();
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(WebProperties properties) {
      var registration =
          new FilterRegistrationBean<>(new RequestSizeLimit(properties.maxRequestSize()));
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
      return registration;
    }

    @Bean
    FilterRegistrationBean<RequestMediaTypes> requestMediaTypes() {
      var registration = new FilterRegistrationBean<>(new RequestMediaTypes());
      registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
      return registration;
    }

    @Bean
    FilterRegistrationBean<ActuatorProblems> actuatorProblems() {
      var registration = new FilterRegistrationBean<>(new ActuatorProblems());
      registration.addUrlPatterns("/actuator/*");
      return registration;
    }

    @Bean
    FilterRegistrationBean<OrderIdLogContext> orderIdLogContext() {
      return new FilterRegistrationBean<>(new OrderIdLogContext());
    }
  }
}
