package dev.orderflow.platform.kafka;

import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.EmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.MessageListener;

/**
 * Two instances of a service, each a static member of the group: when one stops, the other reads
 * every partition long before the session timeout, because the one that stopped left the group.
 */
class LeaveGroupOnCloseIT {

  private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);
  private static final int PARTITIONS = 3;

  private final String bootstrap = EmbeddedStack.shared().kafka().bootstrapServers();
  private final String topic = "leave-" + UUID.randomUUID();
  private final String group = "leave-" + UUID.randomUUID();
  private final List<ConcurrentMessageListenerContainer<String, String>> containers =
      new ArrayList<>();

  @AfterEach
  void stop() {
    containers.forEach(ConcurrentMessageListenerContainer::stop);
  }

  @Test
  void a_static_member_that_stops_hands_its_partitions_over_at_once() throws Exception {
    createTopic();
    var a = member("a", true);
    var b = member("b", true);
    await("both members assigned")
        .atMost(Duration.ofSeconds(30))
        .until(() -> assigned(a) + assigned(b) == PARTITIONS && assigned(a) > 0 && assigned(b) > 0);

    a.stop();

    await("the remaining member reads every partition, well before the session timeout")
        .atMost(SESSION_TIMEOUT.dividedBy(3))
        .until(() -> assigned(b) == PARTITIONS);
  }

  @Test
  void without_leaving_a_static_members_partitions_wait_for_its_session_to_time_out()
      throws Exception {
    createTopic();
    var a = member("a", false);
    var b = member("b", false);
    await("both members assigned")
        .atMost(Duration.ofSeconds(30))
        .until(() -> assigned(a) + assigned(b) == PARTITIONS && assigned(a) > 0 && assigned(b) > 0);
    var before = assigned(b);

    a.stop();

    await("the remaining member keeps only its own partitions")
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(6))
        .until(() -> assigned(b) == before);
  }

  private ConcurrentMessageListenerContainer<String, String> member(String name, boolean leaving) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "service-" + name);
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    var factory =
        new DefaultKafkaConsumerFactory<>(
            config, new StringDeserializer(), new StringDeserializer());
    if (leaving) {
      factory.addPostProcessor(new LeaveGroupOnClose<>());
    }
    var properties = new ContainerProperties(topic);
    properties.setMessageListener((MessageListener<String, String>) record -> {});
    var container = new ConcurrentMessageListenerContainer<>(factory, properties);
    container.setConcurrency(1);
    container.setBeanName("member-" + name);
    container.start();
    containers.add(container);
    return container;
  }

  private static int assigned(ConcurrentMessageListenerContainer<String, String> container) {
    var partitions = container.getAssignedPartitions();
    return partitions == null ? 0 : partitions.size();
  }

  private void createTopic() throws Exception {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
    }
  }
}
