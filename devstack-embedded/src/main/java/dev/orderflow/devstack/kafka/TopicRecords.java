package dev.orderflow.devstack.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what a topic holds right now, from the beginning and without a consumer group: for tests
 * and tools that look at a topic (a dead-letter topic, say) rather than consume it.
 */
public final class TopicRecords {

  private TopicRecords() {}

  /** Every record of {@code topic} on the cluster at {@code bootstrapServers}, at this moment. */
  public static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrapServers, String topic) {
    return read(bootstrapServers, topic, "read_uncommitted");
  }

  /**
   * What a consumer reading with {@code isolation.level=read_committed}, as the services do, sees
   * of {@code topic} at this moment: no record of an aborted transaction (a fenced outbox sweep).
   */
  public static List<ConsumerRecord<String, byte[]>> readCommitted(
      String bootstrapServers, String topic) {
    return read(bootstrapServers, topic, "read_committed");
  }

  private static List<ConsumerRecord<String, byte[]>> read(
      String bootstrapServers, String topic, String isolation) {
    var config =
        Map.<String, Object>of(
            "bootstrap.servers",
            bootstrapServers,
            "enable.auto.commit",
            "false",
            "isolation.level",
            isolation,
            // The read stops at the end offsets taken first: a fetch left waiting for newer
            // records (500 ms by default) would only hold up the next poll and close().
            "fetch.max.wait.ms",
            "10");
    try (var consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      var records = new ArrayList<ConsumerRecord<String, byte[]>>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.getOrDefault(p, 0L))) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return records;
    }
  }
}
