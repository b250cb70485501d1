package dev.orderflow.devstack.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates the broker's own topics up front. A broker creates {@code __consumer_offsets} when a
 * client first looks for a group's coordinator, and {@code __transaction_state} when a client first
 * looks for a transaction's; on a cluster each is replicated three times, two in sync, and needs
 * all three nodes to be created. Left to the services, the transaction state would wait for the
 * relay's first sweep (every 30 s under devstack): a node killed in the first minute would leave no
 * transaction coordinator.
 */
public final class InternalTopics {

  /** The broker's own topics this creates. */
  public static final Set<String> NAMES = Set.of("__consumer_offsets", "__transaction_state");

  /** The group and transactional id that ask for the coordinators; neither holds anything. */
  static final String PROBE = "devstack-internal-topics";

  private InternalTopics() {}

  /**
   * Asks the cluster at {@code bootstrapServers} for a group's coordinator (which creates {@code
   * __consumer_offsets}) and initializes a transactional producer (which creates {@code
   * __transaction_state}), each for up to {@code timeout}.
   *
   * @throws RuntimeException when a coordinator is not there within {@code timeout}
   */
  public static void create(String bootstrapServers, Duration timeout) throws Exception {
    int millis = Math.toIntExact(timeout.toMillis());
    try (var admin =
        Admin.create(
            Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis))) {
      // Finding the group's coordinator creates the offsets topic; the group has no offsets.
      admin
          .listConsumerGroupOffsets(PROBE)
          .partitionsToOffsetAndMetadata()
          .get(millis, TimeUnit.MILLISECONDS);
    }
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, PROBE,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer.initTransactions();
    }
  }
}
