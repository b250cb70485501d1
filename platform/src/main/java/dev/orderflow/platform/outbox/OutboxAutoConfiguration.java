package dev.orderflow.platform.outbox;

import dev.orderflow.events.Topics;
import dev.orderflow.platform.PlatformAutoConfiguration;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The outbox relay of the service, publishing through Kafka with the relay's faults wrapped around
 * it (and {@code sweep-lease-pause} around its sweep's lease), the leases its sweep (and any
 * once-per-service job) runs under, and the fault that publishes poison records to the service's
 * topic as its relay would.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, PlatformAutoConfiguration.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

  /** The collection of the leases, in the service's own database. */
  public static final String LEASES = "leases";

  /**
   * Leases in the service's own database (collection {@code leases}): which instance sweeps the
   * outboxes, and which runs a job that must run once per service rather than once per instance.
   */
  @Bean
  @ConditionalOnMissingBean
  LockProvider leases(MongoTemplate mongo) {
    return new MongoLockProvider(mongo.getCollection(LEASES));
  }

  /**
   * Hand-offs go out through the service's idempotent producer ({@code KafkaTemplate}); sweeps
   * through a transactional producer whose {@code transactional.id} is the sweep lease's name,
   * shared by every instance of the service, so that each new lease holder fences the one before.
   * It is opened only on taking the lease, so never in a service without an outbox.
   */
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
    var relayFaults = new RelayFaults(faults);
    var config =
        sweepProducerConfig(
            kafka.getProducerFactory().getConfigurationProperties(), serviceName, properties);
    var sweeps =
        new TransactionalOutboxPublisher(
            () -> new KafkaProducer<>(config, new StringSerializer(), new StringSerializer()),
            serviceName,
            sweepTimeout(properties));
    return new OutboxRelay(
        relayFaults.around(new KafkaOutboxPublisher(kafka, serviceName)),
        relayFaults.around(sweeps),
        new SweepLeasePause(faults).around(leases),
        properties,
        serviceName,
        clock,
        meters,
        traces);
  }

  /**
   * The fault {@code poison-record}, in each service that names its own events topic (the one its
   * relay publishes to) in {@code orderflow.faults.poison-record.topic}.
   */
  @Bean
  @ConditionalOnProperty("orderflow.faults.poison-record.topic")
  PoisonRecordFault poisonRecordFault(
      Faults faults,
      KafkaTemplate<String, String> kafka,
      @Value("${spring.application.name}") String serviceName,
      @Value("${orderflow.faults.poison-record.topic}") String topic,
      EventJson json,
      Clock clock) {
    var own =
        Topics.all().stream()
            .filter(candidate -> candidate.name().equals(topic))
            .findFirst()
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "orderflow.faults.poison-record.topic: "
                        + topic
                        + " is no topic of orderflow"));
    return new PoisonRecordFault(faults, kafka, serviceName, own, json, clock);
  }

  /**
   * How long one step of a sweep may block (taking over, a batch's sends, a commit or an abort): a
   * third of the lease, at least a second, so that a batch begun right after renewing the lease
   * ends inside it.
   */
  static Duration sweepTimeout(OutboxProperties properties) {
    var third = properties.lease().dividedBy(3);
    return third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : third;
  }

  /**
   * The service's producer settings (those Boot gave its {@code KafkaTemplate}: servers, security,
   * SSL), made transactional, every blocking call bounded by {@link #sweepTimeout}. The transaction
   * timeout leaves room for a whole batch (sends, their acknowledgements, the commit) and a lease
   * on top: an open transaction holds back what read_committed consumers see of its partitions,
   * also the other instances' hand-offs, until it ends; a sweeper frozen in the middle of one is
   * aborted by the next lease holder's {@code initTransactions()}, or by the broker after that long
   * if nobody takes over.
   */
  static Map<String, Object> sweepProducerConfig(
      Map<String, Object> producerConfig, String serviceName, OutboxProperties properties) {
    var config = new HashMap<String, Object>(producerConfig);
    config.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
    config.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    var step = sweepTimeout(properties);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, OutboxRelay.leaseName(serviceName));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, step.toMillis());
    config.put(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        (int) (properties.lease().toMillis() + 3 * step.toMillis()));
    config.put(ProducerConfig.CLIENT_ID_CONFIG, OutboxRelay.leaseName(serviceName));
    return Map.copyOf(config);
  }
}
