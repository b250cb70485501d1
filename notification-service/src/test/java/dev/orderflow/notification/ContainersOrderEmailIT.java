package dev.orderflow.notification;

import dev.orderflow.devstack.smtp.EmbeddedSmtp;
import dev.orderflow.platform.json.EventJson;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * {@link OrderEmailScenario} on the real thing: an Apache Kafka broker and a MongoDB server in
 * containers (so nothing relies on what only mongo-java-server tolerates), with GreenMail for SMTP.
 * Skipped where there is no Docker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Testcontainers(disabledWithoutDocker = true)
class ContainersOrderEmailIT implements OrderEmailScenario {

  @Container @ServiceConnection
  static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.2");

  @Container @ServiceConnection
  static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

  private static EmbeddedSmtp smtp;

  @Autowired private KafkaTemplate<String, String> kafka;
  @Autowired private EventJson json;
  @Autowired private RestTestClient http;

  /** Started here rather than in a field: a class skipped for want of Docker starts nothing. */
  @DynamicPropertySource
  static void greenMail(DynamicPropertyRegistry registry) {
    if (smtp == null) {
      smtp = EmbeddedSmtp.start(0);
    }
    registry.add("spring.mail.host", () -> "localhost");
    registry.add("spring.mail.port", () -> smtp.port());
  }

  @Override
  public KafkaTemplate<String, String> kafka() {
    return kafka;
  }

  @Override
  public EventJson json() {
    return json;
  }

  @Override
  public RestTestClient http() {
    return http;
  }

  @Override
  public List<MimeMessage> receivedEmails() {
    return smtp.receivedMessages();
  }

  @Override
  public List<ConsumerRecord<String, byte[]>> topicRecords(String topic) {
    var config =
        Map.<String, Object>of(
            "bootstrap.servers", KAFKA.getBootstrapServers(), "enable.auto.commit", "false");
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
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      return records;
    }
  }
}
