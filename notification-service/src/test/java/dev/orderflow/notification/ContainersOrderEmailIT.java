package dev.orderflow.notification;

import dev.orderflow.devstack.ContainerImages;
import dev.orderflow.devstack.kafka.TopicRecords;
import dev.orderflow.devstack.smtp.EmbeddedSmtp;
import dev.orderflow.platform.json.EventJson;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
  static final KafkaContainer KAFKA = new KafkaContainer(ContainerImages.KAFKA);

  @Container @ServiceConnection
  static final MongoDBContainer MONGO = new MongoDBContainer(ContainerImages.MONGO);

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
    return TopicRecords.readAll(KAFKA.getBootstrapServers(), topic);
  }
}
