package dev.orderflow.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.devstack.supervisor.Readiness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor with real child processes: the infrastructure parts from the runnable jar that
 * {@code package} built, on free ports, with data in a temporary directory.
 */
class DevstackIT {

  private static final List<String> INFRASTRUCTURE = List.of("kafka", "mongo", "smtp");

  @TempDir Path dataDir;

  private final List<Process> startedHere = new java.util.ArrayList<>();

  private DevstackOptions options() {
    var jar = Path.of(System.getProperty("devstack.jar"));
    assertThat(jar).as("the runnable jar, built by `package`").isRegularFile();
    return DevstackOptions.defaults(Path.of("").toAbsolutePath().getParent())
        .dataDir(dataDir)
        .withFreePorts()
        .infrastructureOnly()
        .prometheus(false)
        .devstackJar(jar);
  }

  @AfterEach
  void stopWhatThisTestStarted() {
    startedHere.forEach(Process::destroyForcibly);
  }

  @Test
  void every_part_runs_as_its_own_process_and_one_that_dies_is_restarted_within_five_seconds()
      throws Exception {
    var options = options();
    var pids = new HashMap<String, Long>();

    try (var stack = Devstack.start(options)) {
      for (var part : INFRASTRUCTURE) {
        long pid = stack.pid(part);
        pids.put(part, pid);
        assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        assertThat(pidFile(part)).content().isEqualToIgnoringWhitespace(Long.toString(pid));
      }
      assertThat(new Readiness.KafkaCluster(options.port(Infrastructure.KAFKA)).isReady()).isTrue();

      long killed = pids.get("kafka");
      stack.kill("kafka");

      await("kafka restarted with a new pid")
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> stack.pid("kafka") != killed && isAlive(stack.pid("kafka")));
      assertThat(stack.restarts("kafka")).isEqualTo(1);
      assertThat(pidFile("kafka"))
          .content()
          .isEqualToIgnoringWhitespace(Long.toString(stack.pid("kafka")));
      assertThat(stack.logFile("kafka"))
          .content()
          .contains("kafka exited with code 137")
          .contains("kafka restarting after 1 crash(es) in a row");
      await("the restarted broker serves its cluster on the same port")
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> new Readiness.KafkaCluster(options.port(Infrastructure.KAFKA)).isReady());
      pids.put("kafka-after-restart", stack.pid("kafka"));
    }

    assertThat(pids.values()).noneMatch(DevstackIT::isAlive);
    assertThat(ProcessHandle.current().children()).noneMatch(ProcessHandle::isAlive);
    for (var part : INFRASTRUCTURE) {
      assertThat(pidFile(part)).doesNotExist();
    }
  }

  @Test
  void three_brokers_form_one_cluster_a_node_killed_is_restarted_and_all_stop_quickly_and_cleanly()
      throws Exception {
    var options = options().brokers(3);
    var nodes = List.of("kafka", "kafka-2", "kafka-3");

    var stack = Devstack.start(options);
    try {
      assertThat(stack.kafkaBootstrapServers().split(",")).hasSize(3);
      assertThat(clusterNodes(stack.kafkaBootstrapServers())).containsExactly(1, 2, 3);
      assertThat(internalTopics(stack.kafkaBootstrapServers()))
          .as("created up front, replicated to all three nodes")
          .containsOnlyKeys("__consumer_offsets", "__transaction_state")
          .allSatisfy((topic, replicas) -> assertThat(replicas).containsOnly(3));

      long killed = stack.pid("kafka-2");
      stack.kill("kafka-2");

      await("kafka-2 restarted with a new pid")
          .atMost(5, TimeUnit.SECONDS)
          .until(() -> stack.pid("kafka-2") != killed && isAlive(stack.pid("kafka-2")));
      assertThat(pidFile("kafka-2"))
          .content()
          .isEqualToIgnoringWhitespace(Long.toString(stack.pid("kafka-2")));
      assertThat(stack.logFile("kafka-2"))
          .content()
          .contains("kafka-2 exited with code 137")
          .contains("kafka-2 restarting after 1 crash(es) in a row");
      await("kafka-2 back in the cluster, unfenced")
          .atMost(60, TimeUnit.SECONDS)
          .until(() -> stack.isReady("kafka-2"));
    } finally {
      var closing = Instant.now();
      stack.close();
      assertThat(Duration.between(closing, Instant.now()))
          .as("every node stopped together, none waiting out its grace for a lost quorum")
          .isLessThan(Duration.ofSeconds(15));
    }
    for (var node : nodes) {
      assertThat(dataDir.resolve("logs").resolve(node + ".log"))
          .content()
          .doesNotContain("did not stop within");
      assertThat(pidFile(node)).doesNotExist();
    }
    assertThat(ProcessHandle.current().children()).noneMatch(ProcessHandle::isAlive);
  }

  /** Each of the broker's own topics, with its partitions' replica counts. */
  private static Map<String, List<Integer>> internalTopics(String bootstrap) throws Exception {
    try (var admin = admin(bootstrap)) {
      var names =
          admin
              .listTopics(new ListTopicsOptions().listInternal(true))
              .names()
              .get(10, TimeUnit.SECONDS)
              .stream()
              .filter(name -> name.startsWith("__"))
              .toList();
      var topics = new java.util.TreeMap<String, List<Integer>>();
      admin
          .describeTopics(names)
          .allTopicNames()
          .get(10, TimeUnit.SECONDS)
          .forEach((name, description) ->
              topics.put(
                  name,
                  description.partitions().stream()
                      .map(partition -> partition.replicas().size())
                      .toList()));
      return topics;
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(
        Map.<String, Object>of(
            "bootstrap.servers", bootstrap,
            "request.timeout.ms", 5_000,
            "default.api.timeout.ms", 10_000));
  }

  private static List<Integer> clusterNodes(String bootstrap) throws Exception {
    try (var admin = admin(bootstrap)) {
      return admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
          .map(Node::id)
          .sorted()
          .toList();
    }
  }

  @Test
  void a_part_left_by_a_run_killed_hard_is_stopped_and_an_unrelated_process_is_left_alone()
      throws Exception {
    var options = options();
    var runDir = Files.createDirectories(dataDir.resolve("run"));
    int leftoverPort = FreePorts.find();
    var leftover =
        start(
            "java",
            "-Xmx64m",
            "-Ddevstack.part=smtp",
            "-Ddevstack.home=" + dataDir.toAbsolutePath(),
            "-jar",
            options.devstackJar().toString(),
            "part",
            "smtp",
            "--port",
            Integer.toString(leftoverPort));
    var unrelated = start("sleep", "300");
    await("the leftover smtp serving")
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> new Readiness.PortOpen(leftoverPort).isReady());
    Files.writeString(runDir.resolve("smtp.pid"), leftover.pid() + "\n");
    Files.writeString(runDir.resolve("mongo.pid"), unrelated.pid() + "\n");

    try (var stack = Devstack.start(options)) {
      assertThat(leftover.isAlive()).isFalse();
      assertThat(unrelated.isAlive()).isTrue();
      assertThat(stack.pid("smtp")).isNotEqualTo(leftover.pid());
      assertThat(stack.pid("mongo")).isNotEqualTo(unrelated.pid());
    }
    assertThat(unrelated.isAlive()).isTrue();
  }

  private Process start(String... command) throws Exception {
    var executable =
        command[0].equals("java")
            ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
            : command[0];
    var line = new ArrayList<>(List.of(command));
    line.set(0, executable);
    var process =
        new ProcessBuilder(line)
            .redirectErrorStream(true)
            .redirectOutput(
                dataDir.resolve(command[0] + "-" + startedHere.size() + ".out").toFile())
            .start();
    startedHere.add(process);
    return process;
  }

  private Path pidFile(String part) {
    return dataDir.resolve("run").resolve(part + ".pid");
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
