package dev.orderflow.platform.outbox;

import dev.orderflow.platform.PlatformAutoConfiguration;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
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
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The outbox relay of the service, publishing through Kafka with the relay's faults wrapped around
 * it, and the leases its sweep (and any once-per-service job) runs under.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, PlatformAutoConfiguration.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

  /**
   * Leases in the service's own database (collection {@code leases}): which instance sweeps the
   * outboxes, and which runs a job that must run once per service rather than once per instance.
   */
  @Bean
  @ConditionalOnMissingBean
  LockProvider leases(MongoTemplate mongo) {
    return new MongoLockProvider(mongo.getCollection("leases"));
  }

  /**
   * Hand-offs go out through the service's idempotent producer ({@code KafkaTemplate}); sweeps
   * through a transactional producer whose {@code transactional.id} is the sweep lease's name,
   * shared by every instance of the service, so that each new lease holder fences the one before.
   */
  @Bean
  OutboxRelay outboxRelay(
      KafkaTemplate<String, String> kafka,
      KafkaProperties kafkaProperties,
      KafkaConnectionDetails connection,
      LockProvider leases,
      OutboxProperties properties,
      @Value("${spring.application.name}") String serviceName,
      Clock clock,
      MeterRegistry meters,
      Faults faults,
      TraceContext traces) {
    var relayFaults = new RelayFaults(faults);
    var config = sweepProducerConfig(kafkaProperties, connection, serviceName, properties);
    var sweeps =
        new TransactionalOutboxPublisher(
            () -> new KafkaProducer<>(config, new StringSerializer(), new StringSerializer()),
            serviceName);
    return new OutboxRelay(
        relayFaults.around(new KafkaOutboxPublisher(kafka, serviceName)),
        relayFaults.around(sweeps),
        leases,
        properties,
        serviceName,
        clock,
        meters,
        traces);
  }

  /**
   * The service's producer settings, made transactional. An open transaction holds back what
   * read_committed consumers see of its partitions, also the other instances' hand-offs, until it
   * ends; a sweeper frozen in the middle of one is aborted by the next lease holder's {@code
   * initTransactions()}, or by the broker after a lease's time if nobody takes over.
   */
  static Map<String, Object> sweepProducerConfig(
      KafkaProperties kafka,
      KafkaConnectionDetails connection,
      String serviceName,
      OutboxProperties properties) {
    var config = new HashMap<String, Object>(kafka.buildProducerProperties());
    config.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getProducer().getBootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, OutboxRelay.leaseName(serviceName));
    config.put(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        (int) Math.max(properties.lease().toMillis(), 1_000));
    config.put(ProducerConfig.CLIENT_ID_CONFIG, OutboxRelay.leaseName(serviceName));
    return Map.copyOf(config);
  }
}
