package dev.orderflow.devstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three {@link EmbeddedKafka} nodes as one KRaft cluster, as {@code ./devstack --brokers 3}. */
class KafkaClusterTest {

  @TempDir Path dataDir;

  @Test
  void three_nodes_hold_three_voters_and_the_brokers_own_topics_two_in_sync_of_three() {
    var node = new KafkaNode(2, 9093, new TreeMap<>(Map.of(1, 9095, 2, 9096, 3, 9097)), "id");

    var config = EmbeddedKafka.config("/data/kafka-2", node, 3);

    assertThat(config)
        .containsEntry("node.id", "2")
        .containsEntry("process.roles", "broker,controller")
        .containsEntry(
            "controller.quorum.voters", "1@localhost:9095,2@localhost:9096,3@localhost:9097")
        .containsEntry("listeners", "PLAINTEXT://localhost:9093,CONTROLLER://localhost:9096")
        .containsEntry("advertised.listeners", "PLAINTEXT://localhost:9093")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2")
        .containsEntry("default.replication.factor", "3")
        .containsEntry("min.insync.replicas", "2");
    assertThat(EmbeddedKafka.config("/data/kafka", KafkaNode.single(9092, 40000), 3))
        .containsEntry("node.id", "1")
        .containsEntry("controller.quorum.voters", "1@localhost:40000")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1");
    assertThat(KafkaNode.parseVoters(node.voters())).isEqualTo(node.controllerPorts());
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void
      a_topic_replicated_three_times_keeps_writes_with_a_node_gone_which_restarted_rejoins_the_isr()
          throws Exception {
    var voters = new TreeMap<Integer, Integer>();
    var clientPorts = new TreeMap<Integer, Integer>();
    var taken = new java.util.HashSet<Integer>();
    for (int id = 1; id <= 3; id++) {
      voters.put(id, distinctFreePort(taken));
      clientPorts.put(id, distinctFreePort(taken));
    }
    var clusterId = KafkaNode.clusterIdFor(dataDir.toString());
    var nodes = new ArrayList<EmbeddedKafka>();
    // Together: a node serves once a majority of the voters runs.
    try (var starting = Executors.newFixedThreadPool(3)) {
      var started =
          voters.keySet().stream()
              .map(id ->
                  CompletableFuture.supplyAsync(
                      () ->
                          EmbeddedKafka.start(
                              dataDir.resolve("kafka-" + id),
                              new KafkaNode(id, clientPorts.get(id), voters, clusterId),
                              3),
                      starting))
              .toList();
      for (var node : started) {
        nodes.add(node.get(60, TimeUnit.SECONDS));
      }
    }
    var bootstrap =
        String.join(",", clientPorts.values().stream().map(port -> "localhost:" + port).toList());
    try {
      try (var admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
        admin
            .createTopics(
                List.of(
                    new NewTopic("replicated", 3, (short) 3)
                        .configs(Map.of("min.insync.replicas", "2"))))
            .all()
            .get(30, TimeUnit.SECONDS);
        // The controller has the topic once createTopics answers; the broker that answers
        // describeTopics may learn of it a moment later ("does not host this topic-partition").
        var partitions =
            await("the topic known to the broker asked")
                .atMost(30, TimeUnit.SECONDS)
                .ignoreException(ExecutionException.class)
                .until(
                    () ->
                        admin
                            .describeTopics(List.of("replicated"))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .get("replicated")
                            .partitions(),
                    described -> described.size() == 3);
        assertThat(partitions)
            .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3))
            .extracting(TopicPartitionInfo::isr)
            .allSatisfy(isr -> assertThat(isr).hasSize(3));
      }
      send(bootstrap, "with three nodes");

      // Node 3 stops (a controller and a broker): two voters remain a quorum, two replicas in
      // sync still acknowledge a write with acks=all.
      nodes.removeLast().close();
      send(bootstrap, "with two nodes");

      assertThat(nodes.getFirst().readAll("replicated"))
          .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
          .containsExactlyInAnyOrder("with three nodes", "with two nodes");

      // Started again on its own directory, node 3 catches up and is back in sync everywhere.
      nodes.add(
          EmbeddedKafka.start(
              dataDir.resolve("kafka-3"),
              new KafkaNode(3, clientPorts.get(3), voters, clusterId),
              3));
      try (var admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
        await("node 3 back in every partition's in-sync replicas")
            .atMost(60, TimeUnit.SECONDS)
            .until(() ->
                admin
                    .describeTopics(List.of("replicated"))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get("replicated")
                    .partitions()
                    .stream()
                    .allMatch(
                        partition -> partition.isr().stream().anyMatch(node -> node.id() == 3)));
      }
      send(bootstrap, "with three nodes again");
      assertThat(nodes.getLast().readAll("replicated"))
          .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
          .containsExactlyInAnyOrder(
              "with three nodes", "with two nodes", "with three nodes again");
    } finally {
      // Together: one by one, the last would wait for a quorum that is gone to let it go.
      try (var stopping = Executors.newVirtualThreadPerTaskExecutor()) {
        nodes.forEach(node -> stopping.submit(node::close));
      }
    }
  }

  private static void send(String bootstrap, String value) throws Exception {
    var config = new Properties();
    config.put("bootstrap.servers", bootstrap);
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    config.put("request.timeout.ms", "10000");
    config.put("delivery.timeout.ms", "30000");
    try (var producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("replicated", "key", value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static int distinctFreePort(java.util.Set<Integer> taken) {
    int port;
    do {
      port = FreePorts.find();
    } while (!taken.add(port));
    return port;
  }
}
