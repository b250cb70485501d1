package dev.orderflow.projection.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.platform.kafka.KafkaPlatformProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.yaml.snakeyaml.Yaml;

/**
 * Under Kubernetes the changes topic is a Strimzi KafkaTopic (deploy/k8s/components/strimzi), and
 * this service still sets the topic's configuration to its own at start ({@link
 * StreamConfiguration#topic}). Were the two to differ, the service and the topic operator would
 * take turns changing it: the KafkaTopic must carry exactly what the service makes, with its
 * default settings and the replication the manifests give it.
 */
class ChangesTopicManifestTest {

  private static final Path TOPICS = Path.of("../deploy/k8s/components/strimzi/topics.yaml");

  @Test
  void the_kafka_topic_of_the_kubernetes_manifests_is_the_topic_the_service_makes()
      throws IOException {
    var stream = bind("orderflow.stream", StreamProperties.class, Map.of());
    var spec = kafkaTopicSpec(stream.topic());
    var config = stringValues(spec.get("config"));
    var kafka =
        bind(
            "orderflow.kafka",
            KafkaPlatformProperties.class,
            Map.of(
                "orderflow.kafka.replication-factor", String.valueOf(spec.get("replicas")),
                "orderflow.kafka.min-insync-replicas", config.get("min.insync.replicas")));

    var topic = new StreamConfiguration().liveChangesTopic(stream, kafka);

    assertThat(spec.get("partitions")).isEqualTo(topic.numPartitions());
    assertThat(config).isEqualTo(new TreeMap<>(topic.configs()));
  }

  private static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
  }

  /** The spec of the KafkaTopic whose topicName is {@code name}. */
  private static Map<?, ?> kafkaTopicSpec(String name) throws IOException {
    for (Object document : new Yaml().loadAll(Files.readString(TOPICS))) {
      if (document instanceof Map<?, ?> object
          && "KafkaTopic".equals(object.get("kind"))
          && object.get("spec") instanceof Map<?, ?> spec
          && name.equals(spec.get("topicName"))) {
        return spec;
      }
    }
    throw new AssertionError("no KafkaTopic of " + name + " in " + TOPICS);
  }

  private static Map<String, String> stringValues(Object map) {
    var values = new TreeMap<String, String>();
    ((Map<?, ?>) map).forEach((key, value) -> values.put(key.toString(), value.toString()));
    return values;
  }
}
