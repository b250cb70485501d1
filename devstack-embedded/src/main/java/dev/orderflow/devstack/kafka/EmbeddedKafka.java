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
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single real Apache Kafka broker in KRaft combined mode (broker and controller in one node),
 * started from Kafka's own server classes: the same code a production broker runs, without Docker.
 *
 * <p>A new data directory is formatted first (what {@code kafka-storage.sh format} does); an
 * existing one is reused, so data survives restarts of {@code ./devstack}.
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
    int clientPort = port == 0 ? FreePorts.find() : port;
    int controllerPort = FreePorts.find();
    String logDir = dataDir.toAbsolutePath().toString();
    try {
      Files.createDirectories(dataDir);
      // The format step gives a directory its cluster id and refuses one with another id: an
      // existing directory is started as it is.
      if (!Files.exists(dataDir.resolve("meta.properties"))) {
        format(logDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var server =
        new KafkaRaftServer(
            new KafkaConfig(config(logDir, clientPort, controllerPort, partitions), false),
            Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka(server, clientPort);
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

  private static void format(String logDir) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
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

  private static Map<Object, Object> config(
      String logDir, int clientPort, int controllerPort, int partitions) {
    var props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    props.put(
        "listeners",
        "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
    props.put("controller.listener.names", CONTROLLER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("log.dirs", logDir);
    props.put("num.partitions", Integer.toString(partitions));
    // One broker: every internal topic has a single replica, or transactions and groups never
    // start.
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "3");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "3");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
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
