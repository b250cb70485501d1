package dev.orderflow.platform.mongo;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.faults.ServiceWideFaults;
import dev.orderflow.platform.outbox.OutboxAutoConfiguration;
import java.util.HashSet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * MongoDB as every service uses it: durable writes, a health check that works on every one, and the
 * database faults in front of its client.
 */
@AutoConfiguration(before = MongoHealthContributorAutoConfiguration.class)
public class MongoPlatformAutoConfiguration {

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

  /**
   * {@code db-latency} and {@code db-outage}, for every collection but those that switching faults
   * and holding leases need.
   */
  @Bean
  DatabaseFaults databaseFaults(Faults faults) {
    var spared = new HashSet<>(ServiceWideFaults.COLLECTIONS);
    spared.add(OutboxAutoConfiguration.LEASES);
    return new DatabaseFaults(faults, spared);
  }

  /** Every store reaches MongoDB through the client, so the client carries the database faults. */
  @Bean
  static BeanPostProcessor databaseFaultsAroundMongoClient(ObjectProvider<DatabaseFaults> faults) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof MongoClient client ? faults.getObject().around(client) : bean;
      }
    };
  }

  @Bean
  MongoPingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
    return new MongoPingHealthIndicator(mongo);
  }
}
