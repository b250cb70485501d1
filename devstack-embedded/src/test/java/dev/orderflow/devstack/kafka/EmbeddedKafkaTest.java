package dev.orderflow.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  @TempDir Path dataDir;

  @Test
  void a_record_produced_with_acks_all_is_consumed_back() throws Exception {
    try (var kafka = EmbeddedKafka.start(dataDir, 0, 3)) {
      try (var admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("probe", 3, (short) 1))).all().get();
      }
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("probe", "k", "hello")).get();
      }
      try (var consumer =
          new KafkaConsumer<>(
              Map.<String, Object>of(
                  "bootstrap.servers", kafka.bootstrapServers(),
                  "group.id", "probe",
                  "auto.offset.reset", "earliest"),
              new StringDeserializer(),
              new StringDeserializer())) {
        consumer.subscribe(List.of("probe"));
        var received = new java.util.ArrayList<ConsumerRecord<String, String>>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.isEmpty() && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        }
        assertThat(received).extracting(ConsumerRecord::value).containsExactly("hello");
      }
    }
  }

  @Test
  void a_broker_started_again_on_its_data_directory_still_has_its_records() throws Exception {
    try (var kafka = EmbeddedKafka.start(dataDir, 0, 1)) {
      try (var admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
      }
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("kept", "k", "before the restart")).get();
      }
    }

    try (var kafka = EmbeddedKafka.start(dataDir, 0, 1)) {
      assertThat(kafka.readAll("kept"))
          .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
          .containsExactly("before the restart");
    }
  }
}
