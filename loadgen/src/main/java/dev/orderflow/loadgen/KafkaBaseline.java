package dev.orderflow.loadgen;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the broker itself does on this machine, in the same run: records of an event's size produced
 * with the relay's settings ({@code acks=all}, idempotent, {@code linger.ms=5}) and consumed at the
 * same time, to a fresh topic with the events' partition count. The rate is records over the time
 * from the first send to the last record consumed.
 */
final class KafkaBaseline {

  /** The result: records per second end to end, and what the records were. */
  record Result(
      long records, int recordBytes, int partitions, double seconds, double recordsPerSecond) {}

  private KafkaBaseline() {}

  static Result run(String bootstrapServers, long records, int recordBytes, int partitions)
      throws Exception {
    var topic = "bench.baseline." + System.currentTimeMillis();
    try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    var value = new byte[recordBytes];
    ThreadLocalRandom.current().nextBytes(value);
    try (var consumer =
            new KafkaConsumer<>(
                Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                    2000),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        var producer =
            new KafkaProducer<>(
                Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                    true,
                    ProducerConfig.LINGER_MS_CONFIG,
                    5),
                new StringSerializer(),
                new ByteArraySerializer())) {
      var assigned =
          IntStream.range(0, partitions)
              .mapToObj(partition -> new TopicPartition(topic, partition))
              .toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      consumer.poll(Duration.ZERO);
      long start = System.nanoTime();
      var sending =
          Thread.ofPlatform()
              .name("baseline-producer")
              .start(() -> {
                for (long i = 0; i < records; i++) {
                  producer.send(new ProducerRecord<>(topic, Long.toString(i), value));
                }
                producer.flush();
              });
      long consumed = 0;
      long deadline = start + TimeUnit.MINUTES.toNanos(5);
      while (consumed < records && System.nanoTime() < deadline) {
        consumed += consumer.poll(Duration.ofMillis(200)).count();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      sending.join();
      return new Result(consumed, recordBytes, partitions, seconds, consumed / seconds);
    }
  }
}
