package dev.orderflow.platform.outbox;

import dev.orderflow.platform.PlatformAutoConfiguration;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.tracing.TraceContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The outbox relay of the service, publishing through Kafka with the relay's faults wrapped around
 * it, and the leases it (and any once-per-service job) runs under.
 */
@AutoConfiguration(after = {KafkaAutoConfiguration.class, PlatformAutoConfiguration.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

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
    var publisher = new RelayFaults(new KafkaOutboxPublisher(kafka, serviceName), faults);
    return new OutboxRelay(publisher, leases, properties, serviceName, clock, meters, traces);
  }
}
