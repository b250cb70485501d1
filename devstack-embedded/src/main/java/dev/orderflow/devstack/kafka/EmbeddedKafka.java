package dev.orderflow.devstack.kafka;

import dev.orderflow.devstack.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka node in KRaft combined mode (broker and controller in one node), started from
 * Kafka's own server classes: the same code a production broker runs, without Docker. Alone, or one
 * of a cluster of three ({@link KafkaNode}): each node its own data directory and ports, the three
 * controllers one quorum, and the broker's own topics (consumer offsets, transaction state)
 * replicated to all three with two in sync.
 *
 * <p>A new data directory is formatted first (what {@code kafka-storage.sh format} does), with the
 * cluster's id; an existing one is reused, so data survives restarts of {@code ./devstack} and a
 * node killed and started again rejoins its cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final int port;

  private EmbeddedKafka(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Formats {@code dataDir} if it is new and starts the broker.
   *
   * @param port the client port, or 0 for a free one
   * @param partitions default partitions of topics created without an explicit count
   */
  public static EmbeddedKafka start(Path dataDir, int port, int partitions) {
    return start(
        dataDir,
        KafkaNode.single(port == 0 ? FreePorts.find() : port, FreePorts.find()),
        partitions);
  }

  /**
   * Formats {@code dataDir} for {@code node}'s cluster if it is new and starts the node. It serves
   * once a majority of the voters run.
   */
  public static EmbeddedKafka start(Path dataDir, KafkaNode node, int partitions) {
    String logDir = dataDir.toAbsolutePath().toString();
    try {
      Files.createDirectories(dataDir);
      // The format step gives a directory its cluster id and refuses one with another id: an
      // existing directory is started as it is.
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        format(logDir, node);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var server =
        new KafkaRaftServer(new KafkaConfig(config(logDir, node, partitions), false), Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka(server, node.clientPort());
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public int port() {
    return port;
  }

  /**
   * Every record of {@code topic} at this moment, read from the beginning without a consumer group:
   * for tests and tools that look at a topic (a dead-letter topic, say) rather than consume it.
   */
  public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
    return TopicRecords.readAll(bootstrapServers(), topic);
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void format(String logDir, KafkaNode node) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(node.nodeId())
          .setClusterId(node.clusterId())
          .setDirectories(List.of(logDir))
          .setMetadataLogDirectory(logDir)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .setControllerListenerName(CONTROLLER)
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("Could not format Kafka storage in " + logDir, e);
    }
  }

  static Map<Object, Object> config(String logDir, KafkaNode node, int partitions) {
    int clientPort = node.clientPort();
    int controllerPort = node.controllerPort();
    var props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(node.nodeId()));
    props.put("controller.quorum.voters", node.voters());
    props.put(
        "listeners",
        "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
    props.put("controller.listener.names", CONTROLLER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir);
    props.put("num.partitions", Integer.toString(partitions));
    // devstack stops every node together (Devstack.close): a controlled shutdown would ask the
    // active controller to move leaders to nodes that are stopping too, and a node that asked once
    // the other controllers were gone waited until it was killed.
    props.put("controlled.shutdown.enable", "false");
    // The broker's own topics on every node up to three, two in sync of three: one node lost,
    // groups and transactions go on. Alone, a single replica, or they would never start.
    var replicas = Integer.toString(node.internalReplicas());
    var minInsync = Integer.toString(node.minInsyncReplicas());
    props.put("offsets.topic.replication.factor", replicas);
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", replicas);
    props.put("transaction.state.log.min.isr", minInsync);
    props.put("transaction.state.log.num.partitions", "3");
    props.put("share.coordinator.state.topic.replication.factor", replicas);
    props.put("share.coordinator.state.topic.min.isr", minInsync);
    // Topics created without explicit settings: as safe as the broker's own.
    props.put("default.replication.factor", replicas);
    props.put("min.insync.replicas", minInsync);
    props.put("group.initial.rebalance.delay.ms", "0");
    // Services declare their topics (and dead-letter topics) explicitly; a typo must not create
    // one.
    props.put("auto.create.topics.enable", "false");
    props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    // The log cleaner (it compacts the consumer offsets) keeps its whole buffer on the heap: 128
    // MB by default, a quarter of this broker's memory, for a few thousand keys.
    props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
    return props;
  }
}
