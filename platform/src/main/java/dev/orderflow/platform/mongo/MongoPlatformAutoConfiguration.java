package dev.orderflow.platform.mongo;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/** MongoDB as every service uses it: durable writes and a health check that works on every one. */
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

  @Bean
  MongoPingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
    return new MongoPingHealthIndicator(mongo);
  }
}
