package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.devstack.kafka.KafkaNode;
import dev.orderflow.devstack.supervisor.Readiness;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --instances N} and {@code --brokers 3}: what each process of a cluster is launched with.
 */
class ClusterLaunchTest {

  private static final AdminCredentials ADMIN =
      new AdminCredentials("admin", "generated-password", false);

  private final DevstackOptions options =
      DevstackOptions.defaults(Path.of("/repo")).devstackJar(Path.of("/repo/devstack.jar"));

  @TempDir Path dataDir;

  @Test
  void instances_and_brokers_out_of_bounds_are_refused_with_the_bounds() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> runOptions("--instances", "0"))
        .withMessageContaining("--instances must be 1 to 4")
        .withMessageContaining("was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> runOptions("--instances", "9"))
        .withMessageContaining("--instances must be 1 to 4")
        .withMessageContaining("was 9");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> runOptions("--brokers", "2"))
        .withMessageContaining("--brokers must be 1 or 3")
        .withMessageContaining("was 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> runOptions("--instances", "two"))
        .withMessageContaining("--instances must be a number");

    var cluster = runOptions("--instances=2", "--brokers", "3", "--fresh");
    assertThat(cluster.instances()).isEqualTo(2);
    assertThat(cluster.brokers()).isEqualTo(3);
    assertThat(cluster.fresh()).isTrue();
    assertThat(runOptions().instances()).isEqualTo(1);
    assertThat(runOptions().brokers()).isEqualTo(1);
  }

  @Test
  void every_instance_is_its_own_process_with_its_own_port_pid_file_and_log() {
    var two = options.instances(2);
    var second = new Instance(Service.ORDER, 2);

    var spec = PartLaunch.spec(second, two, ADMIN);

    assertThat(spec.name()).isEqualTo("order-service-2");
    assertThat(spec.pidFile()).isEqualTo(Path.of("/repo/.devstack/run/order-service-2.pid"));
    assertThat(spec.logFile()).isEqualTo(Path.of("/repo/.devstack/logs/order-service-2.log"));
    assertThat(spec.command())
        .contains(
            "-Ddevstack.part=order-service-2",
            "--server.port=8181",
            "--orderflow.kafka.instance-id=devstack-2",
            "--spring.kafka.listener.concurrency=1");
    assertThat(PartLaunch.spec(Service.ORDER, two, ADMIN).command())
        .contains("--server.port=8081", "--orderflow.kafka.instance-id=devstack-1");
    assertThat(two.port(new Instance(Service.PROJECTION, 2))).isEqualTo(8184);
    assertThat(options.instances(4).port(new Instance(Service.INVENTORY, 4))).isEqualTo(8382);
    assertThat(PartLaunch.readiness(second, two))
        .isEqualTo(new Readiness.HealthUp(URI.create("http://localhost:8181/actuator/health")));
    assertThat(PartLaunch.tag(second, two).isOn(String.join(" ", spec.command()))).isTrue();
    assertThat(PartLaunch.tag(Service.ORDER, two).isOn(String.join(" ", spec.command()))).isFalse();
  }

  @Test
  void notification_instances_together_have_a_thread_for_every_partition() {
    assertThat(notificationConcurrency(options)).isEqualTo(3);
    assertThat(notificationConcurrency(options.instances(2).partitions(6))).isEqualTo(3);
    // ceil(3 / 2): one instance's two threads and the other's, a thread for every partition.
    assertThat(notificationConcurrency(options.instances(2))).isEqualTo(2);
    assertThat(notificationConcurrency(options.instances(3))).isEqualTo(1);
    assertThat(notificationConcurrency(options.instances(4))).isEqualTo(1);
    assertThat(notificationConcurrency(options.instances(4).partitions(6))).isEqualTo(2);
    for (var service : List.of(Service.ORDER, Service.INVENTORY, Service.PROJECTION)) {
      assertThat(PartLaunch.spec(new Instance(service, 3), options.instances(3), ADMIN).command())
          .as(service.partName())
          .contains("--spring.kafka.listener.concurrency=1");
    }
  }

  @Test
  void services_of_a_three_broker_stack_know_every_broker_and_replicate_their_topics_three_times() {
    var cluster = options.brokers(3);

    assertThat(PartLaunch.spec(Service.INVENTORY, cluster, ADMIN).command())
        .contains(
            "--spring.kafka.bootstrap-servers=localhost:9092,localhost:9093,localhost:9094",
            "--orderflow.kafka.replication-factor=3",
            "--orderflow.kafka.min-insync-replicas=2");
    assertThat(PartLaunch.spec(Service.INVENTORY, options, ADMIN).command())
        .contains("--spring.kafka.bootstrap-servers=localhost:9092")
        .noneMatch(argument -> argument.startsWith("--orderflow.kafka.replication-factor"))
        .noneMatch(argument -> argument.startsWith("--orderflow.kafka.min-insync-replicas"));
  }

  @Test
  void each_kafka_node_has_its_ports_data_and_the_quorum_of_three_with_one_cluster_id() {
    var cluster = options.brokers(3);
    var clusterIds = new java.util.HashSet<String>();

    for (int node = 1; node <= 3; node++) {
      var instance = new Instance(Infrastructure.KAFKA, node);
      var spec = PartLaunch.spec(instance, cluster, ADMIN);
      var command = spec.command();
      var rest = command.subList(command.indexOf("part") + 2, command.size());
      var arguments = Arguments.parse(rest, Set.of(), PartCommand.OPTIONS);

      assertThat(spec.name()).isEqualTo(node == 1 ? "kafka" : "kafka-" + node);
      assertThat(command).contains("-Xmx256m").doesNotContain("-Xmx512m");
      assertThat(arguments.value("port")).hasValue(Integer.toString(9091 + node));
      assertThat(arguments.value("data"))
          .hasValue(
              node == 1 ? "/repo/.devstack/data/kafka" : "/repo/.devstack/data/kafka-" + node);
      assertThat(arguments.value("node")).hasValue(Integer.toString(node));
      assertThat(arguments.value("voters"))
          .hasValue("1@localhost:9095,2@localhost:9096,3@localhost:9097");
      clusterIds.add(arguments.value("cluster-id").orElseThrow());
      assertThat(PartLaunch.readiness(instance, cluster))
          .as("ready once the node itself is in the cluster, unfenced")
          .isEqualTo(new Readiness.KafkaCluster(9091 + node, Set.of(node)));
    }
    assertThat(clusterIds).hasSize(1);
    assertThat(clusterIds.iterator().next())
        .isEqualTo(KafkaNode.clusterIdFor("/repo/.devstack"))
        .isNotEqualTo(KafkaNode.clusterIdFor("/elsewhere/.devstack"));
    // A single broker keeps its own quorum of one, on a free controller port.
    assertThat(PartLaunch.spec(Infrastructure.KAFKA, options, ADMIN).command())
        .contains("-Xmx512m")
        .doesNotContain("--voters", "--node", "--cluster-id");
  }

  @Test
  void only_the_first_instance_writes_the_class_data_archive_the_others_read_it_when_there()
      throws Exception {
    var stack = DevstackOptions.defaults(dataDir).instances(2);
    var second = new Instance(Service.ORDER, 2);
    assertThat(ClassDataSharing.javaOptions(second, stack)).isEmpty();

    var archive =
        Files.createDirectories(stack.cacheDir().resolve("cds")).resolve("order-service.jsa");
    Files.writeString(archive, "");

    assertThat(ClassDataSharing.javaOptions(second, stack))
        .contains("-XX:SharedArchiveFile=" + archive)
        .doesNotContain("-XX:+AutoCreateSharedArchive");
    assertThat(ClassDataSharing.javaOptions(Instance.first(Service.ORDER), stack))
        .contains("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive");
  }

  @Test
  void the_stack_runs_every_instance_and_cleans_up_after_the_most_an_earlier_run_may_have_had() {
    var cluster = options.instances(2).brokers(3).services("order-service").prometheus(false);

    assertThat(cluster.processes())
        .extracting(Instance::name)
        .containsExactly(
            "kafka", "kafka-2", "kafka-3", "mongo", "smtp", "order-service", "order-service-2");
    assertThat(options.everyPossibleProcess())
        .extracting(Instance::name)
        .contains("kafka-3", "order-service-4", "projection-service-4", "prometheus")
        .doesNotContain("kafka-4", "order-service-5", "mongo-2");
    assertThat(cluster.kafkaBootstrapServers())
        .isEqualTo("localhost:9092,localhost:9093,localhost:9094");
  }

  @Test
  void prometheus_scrapes_every_instance() {
    var ports = Devstack.defaultToActualPorts(options.instances(3));

    assertThat(ports.get(8081)).containsExactly(8081, 8181, 8281);
    assertThat(ports.get(8083)).containsExactly(8083, 8183, 8283);
    assertThat(ports.get(9090)).containsExactly(9090);
  }

  @Test
  void an_instance_is_named_by_its_part_and_number() {
    assertThat(Instance.named("order-service")).isEqualTo(Instance.first(Service.ORDER));
    assertThat(Instance.named("order-service-2")).isEqualTo(new Instance(Service.ORDER, 2));
    assertThat(Instance.named("kafka-3")).isEqualTo(new Instance(Infrastructure.KAFKA, 3));
    assertThat(Instance.named("kafka-1")).isEqualTo(Instance.first(Infrastructure.KAFKA));
    assertThatIllegalArgumentException().isThrownBy(() -> Instance.named("billing-service-2"));
  }

  @Test
  void commands_that_talk_to_the_stack_read_its_instances_and_brokers_while_it_runs()
      throws Exception {
    var stack = options.dataDir(dataDir);
    assertThat(stack.withRunningTopology()).isEqualTo(stack);

    Files.createDirectories(stack.topologyFile().getParent());
    Files.writeString(stack.topologyFile(), "instances=2\nbrokers=3\n");
    var running = stack.withRunningTopology();

    assertThat(running.instances()).isEqualTo(2);
    assertThat(running.kafkaBootstrapServers())
        .isEqualTo("localhost:9092,localhost:9093,localhost:9094");
    var verify = VerifyCommand.target(Arguments.parse(List.of(), Set.of(), Set.of()), running);
    assertThat(verify.kafka()).isEqualTo("localhost:9092,localhost:9093,localhost:9094");
  }

  @Test
  void kafka_data_of_another_cluster_shape_is_refused_with_the_way_out() throws Exception {
    var single = options.dataDir(dataDir);
    var cluster = single.brokers(3);
    format(single.dataDir(Infrastructure.KAFKA), "single-id");

    Devstack.requireKafkaDataFits(single);
    assertThatThrownBy(() -> Devstack.requireKafkaDataFits(cluster))
        .hasMessageContaining("written by a single broker")
        .hasMessageContaining("--fresh");

    Files.createDirectories(cluster.dataDir(new Instance(Infrastructure.KAFKA, 2)));
    assertThatThrownBy(() -> Devstack.requireKafkaDataFits(single))
        .hasMessageContaining("written by a cluster of three brokers")
        .hasMessageContaining("--brokers 3");
  }

  @Test
  void a_cluster_has_the_data_of_all_three_nodes_or_none_and_keeps_the_id_it_was_formatted_with()
      throws Exception {
    var cluster = options.dataDir(dataDir).brokers(3);
    Devstack.requireKafkaDataFits(cluster);
    assertThat(PartLaunch.clusterId(cluster))
        .as("no data yet: derived from the stack's directory")
        .isEqualTo(KafkaNode.clusterIdFor(dataDir.toString()));

    var nodes = cluster.instancesOf(Infrastructure.KAFKA);
    format(cluster.dataDir(nodes.get(0)), "formatted-id");
    format(cluster.dataDir(nodes.get(2)), "formatted-id");
    Files.createDirectories(cluster.dataDir(nodes.get(1)));
    assertThatThrownBy(() -> Devstack.requireKafkaDataFits(cluster))
        .hasMessageContaining("[kafka, kafka-3]")
        .hasMessageContaining("not that of [kafka-2]")
        .hasMessageContaining("--fresh");

    format(cluster.dataDir(nodes.get(1)), "formatted-id");
    Devstack.requireKafkaDataFits(cluster);
    // The directory moved, or was written by an earlier derivation: the id in the data counts.
    assertThat(PartLaunch.clusterId(cluster)).isEqualTo("formatted-id");
    assertThat(PartLaunch.spec(nodes.get(1), cluster, ADMIN).command())
        .containsSequence("--cluster-id", "formatted-id");

    format(cluster.dataDir(nodes.get(1)), "another-id");
    assertThatThrownBy(() -> Devstack.requireKafkaDataFits(cluster))
        .hasMessageContaining("more than one cluster")
        .hasMessageContaining("--fresh");
  }

  @Test
  void planned_ports_are_distinct_and_real_or_the_stack_says_which_variable_moves_them() {
    var stack = options.instances(2).brokers(3).prometheus(true);
    assertThat(stack.portPlan())
        .hasSize(4 * 2 + 3 + 3 + 3)
        .containsKeys(8081, 8181, 8084, 8184, 9092, 9093, 9094, 9095, 9096, 9097, 9090);
    assertThat(stack.portPlan().get(9096).describe()).isEqualTo("the controller of kafka-2");

    // The second order-service (8181) on inventory-service's port.
    assertThatThrownBy(() -> stack.port(Service.INVENTORY, 8181).portPlan())
        .isInstanceOf(DevstackException.class)
        .hasMessageContaining("port 8181 is planned for both order-service-2 and inventory-service")
        .hasMessageContaining("DEVSTACK_ORDER_PORT")
        .hasMessageContaining("DEVSTACK_INVENTORY_PORT");
    // Prometheus on the third broker's controller port.
    assertThatThrownBy(() -> stack.port(Infrastructure.PROMETHEUS, 9097).portPlan())
        .hasMessageContaining("port 9097 is planned for both");
    assertThatThrownBy(() -> stack.port(Service.PROJECTION, 65500).portPlan())
        .hasMessageContaining("port 65600 for projection-service-2 is above 65535")
        .hasMessageContaining("DEVSTACK_PROJECTION_PORT");
    assertThatThrownBy(() -> Devstack.requirePortsFree(stack.port(Service.PROJECTION, 65500)))
        .hasMessageContaining("above 65535");
    // One instance: 65500 is fine.
    assertThat(options.port(Service.PROJECTION, 65500).portPlan()).containsKey(65500);
  }

  @Test
  void free_ports_leave_room_for_every_instance_and_broker_of_the_largest_stack() {
    for (int attempt = 0; attempt < 5; attempt++) {
      var largest =
          options
              .withFreePorts()
              .instances(DevstackOptions.MAX_INSTANCES)
              .brokers(3)
              .prometheus(true);

      var plan = largest.portPlan();
      assertThat(plan).hasSize(4 * DevstackOptions.MAX_INSTANCES + 3 + 3 + 3);
      assertThat(plan.keySet()).allMatch(FreePorts::isFree);
      assertThat(options.instances(2).brokers(3).prometheus(true).withFreePorts().portPlan())
          .hasSize(4 * 2 + 9);
    }
  }

  @Test
  void verify_reads_the_running_stacks_ports_and_asks_the_next_instance_when_the_first_is_down()
      throws Exception {
    // Prometheus on: its port is noted too, whether or not this machine has the binary.
    var running =
        options
            .dataDir(dataDir)
            .withFreePorts()
            .instances(2)
            .brokers(3)
            .console(true)
            .prometheus(true);
    Files.createDirectories(running.topologyFile().getParent());
    Files.writeString(running.topologyFile(), running.topology());
    assertThat(running.topology())
        .contains("port.order-service-2=" + running.port(new Instance(Service.ORDER, 2)))
        .contains("kafka.bootstrap-servers=" + running.kafkaBootstrapServers());

    // The command's own options know nothing of the ports: the topology file does.
    var read = options.dataDir(dataDir).withRunningTopology();
    assertThat(read.ports()).isEqualTo(running.ports());
    assertThat(read.kafkaBootstrapServers()).isEqualTo(running.kafkaBootstrapServers());

    var none = Arguments.parse(List.of(), Set.of(), Set.of());
    int first = running.port(Service.ORDER);
    int second = running.port(new Instance(Service.ORDER, 2));
    assertThat(VerifyCommand.target(none, read).orders())
        .as("nothing answers: the first, for the error to name")
        .isEqualTo(URI.create("http://localhost:" + first));
    try (var secondInstance = new java.net.ServerSocket(second)) {
      assertThat(VerifyCommand.target(none, read).orders())
          .isEqualTo(URI.create("http://localhost:" + second));
      assertThat(VerifyCommand.target(none, read).inventory())
          .isEqualTo(URI.create("http://localhost:" + running.port(Service.INVENTORY)));
    }
  }

  private static void format(Path nodeDir, String clusterId) throws Exception {
    Files.createDirectories(nodeDir);
    Files.writeString(
        nodeDir.resolve("meta.properties"),
        "version=1\ncluster.id=%s\nnode.id=1\n".formatted(clusterId));
  }

  private DevstackOptions runOptions(String... arguments) {
    return RunCommand.options(
        Arguments.parse(List.of(arguments), Set.of("fresh", "demo"), RunCommand.OPTIONS),
        Path.of("/repo"),
        Map.of());
  }

  private int notificationConcurrency(DevstackOptions options) {
    return PartLaunch.spec(Service.NOTIFICATION, options, ADMIN).command().stream()
        .filter(argument -> argument.startsWith("--spring.kafka.listener.concurrency="))
        .map(argument -> Integer.parseInt(argument.substring(argument.indexOf('=') + 1)))
        .findFirst()
        .orElseThrow();
  }
}
