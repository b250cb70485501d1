package dev.orderflow.projection;

import dev.orderflow.devstack.ContainerImages;
import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.json.EventJson;
import dev.orderflow.platform.outbox.KafkaOutboxPublisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * {@link OrderJourneyScenario} on Apache Kafka and a real MongoDB (a single-node replica set) in
 * containers: the code must work there exactly as on the embedded servers. Skipped where there is
 * no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class OrderJourneyContainersIT implements OrderJourneyScenario {

  @Container @ServiceConnection
  static final KafkaContainer kafka = new KafkaContainer(ContainerImages.KAFKA);

  @Container @ServiceConnection
  static final MongoDBContainer mongo = new MongoDBContainer(ContainerImages.MONGO);

  @Autowired RestTestClient http;
  @Autowired KafkaTemplate<String, String> kafkaTemplate;
  @Autowired EventJson json;

  @Override
  public RestTestClient http() {
    return http;
  }

  @Override
  public void publish(DomainEvent... events) throws Exception {
    for (var event : events) {
      kafkaTemplate
          .send(KafkaOutboxPublisher.recordOf("test", event.subject(), event, json.write(event)))
          .get();
    }
  }
}
