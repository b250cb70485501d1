package dev.orderflow.notification;

import dev.orderflow.devstack.EmbeddedStack;
import dev.orderflow.platform.json.EventJson;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

/** {@link OrderEmailScenario} on the embedded stack, in the context every embedded test shares. */
class EmbeddedOrderEmailIT extends NotificationServiceIntegrationTest
    implements OrderEmailScenario {

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
    return EmbeddedStack.shared().smtp().receivedMessages();
  }

  @Override
  public List<ConsumerRecord<String, byte[]>> topicRecords(String topic) {
    return EmbeddedStack.shared().kafka().readAll(topic);
  }
}
