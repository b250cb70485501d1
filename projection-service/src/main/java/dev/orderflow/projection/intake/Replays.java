package dev.orderflow.projection.intake;

import dev.orderflow.platform.json.EventJson;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Opens {@link Replay}s with the service's consumer settings (isolation level included), minus the
 * consumer group: a replay commits nothing and joins no group, so it never takes a partition from
 * the live listener and never shows up in the group's dead-letter headers.
 */
@Component
public class Replays {

  private final KafkaProperties kafka;
  private final KafkaConnectionDetails connection;
  private final EventJson json;

  Replays(KafkaProperties kafka, KafkaConnectionDetails connection, EventJson json) {
    this.kafka = kafka;
    this.connection = connection;
    this.json = json;
  }

  /** A replay of {@code topics} from their beginning; {@code name} names its Kafka client. */
  public Replay open(String name, List<String> topics) {
    var config = new HashMap<>(kafka.buildConsumerProperties());
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    // The broker the service is connected to, which a @ServiceConnection may have set.
    config.put(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.getConsumer().getBootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "projection-rebuild-" + name);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    var consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      return new Replay(consumer, json, topics);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }
}
