package dev.orderflow.devstack.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/**
 * One node of a KRaft cluster on this machine: broker and controller in one process, on its client
 * port, voting in the quorum of every node's controller port.
 *
 * @param nodeId this node's id, a key of {@code controllerPorts}
 * @param clientPort where clients connect to this node
 * @param controllerPorts every voter's controller port, by node id: the quorum
 * @param clusterId the id every node of the cluster is formatted with
 */
public record KafkaNode(
    int nodeId, int clientPort, SortedMap<Integer, Integer> controllerPorts, String clusterId) {

  public KafkaNode {
    controllerPorts = new TreeMap<>(controllerPorts);
    if (!controllerPorts.containsKey(nodeId)) {
      throw new IllegalArgumentException(
          "Node " + nodeId + " is not a voter of " + controllerPorts);
    }
  }

  /** A node of a cluster of one, its controller on {@code controllerPort}, a new cluster id. */
  public static KafkaNode single(int clientPort, int controllerPort) {
    return new KafkaNode(
        1, clientPort, new TreeMap<>(Map.of(1, controllerPort)), Uuid.randomUuid().toString());
  }

  /**
   * The cluster id of the cluster whose data lives under {@code home}: the same for every node and
   * every start, without a file to keep it in.
   */
  public static String clusterIdFor(String home) {
    var uuid =
        UUID.nameUUIDFromBytes(("orderflow-devstack:" + home).getBytes(StandardCharsets.UTF_8));
    return new Uuid(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()).toString();
  }

  /** {@code controller.quorum.voters}: {@code 1@localhost:9095,2@localhost:9096,...}. */
  public String voters() {
    return controllerPorts.entrySet().stream()
        .map(voter -> voter.getKey() + "@localhost:" + voter.getValue())
        .collect(Collectors.joining(","));
  }

  /** Parses {@link #voters()}: node id to controller port. */
  public static SortedMap<Integer, Integer> parseVoters(String voters) {
    var ports = new TreeMap<Integer, Integer>();
    for (var voter : voters.split(",")) {
      var idAndAddress = voter.strip().split("@", 2);
      int colon = idAndAddress.length == 2 ? idAndAddress[1].lastIndexOf(':') : -1;
      if (colon < 0) {
        throw new IllegalArgumentException(
            "A voter looks like 1@localhost:9095, not '" + voter + "'");
      }
      try {
        ports.put(
            Integer.parseInt(idAndAddress[0]),
            Integer.parseInt(idAndAddress[1].substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "A voter looks like 1@localhost:9095, not '" + voter + "'", e);
      }
    }
    return ports;
  }

  public int controllerPort() {
    return Objects.requireNonNull(controllerPorts.get(nodeId));
  }

  /** How many nodes the cluster has. */
  public int size() {
    return controllerPorts.size();
  }

  /** Replicas of the broker's own topics (offsets, transaction state): every node, up to three. */
  public int internalReplicas() {
    return Math.min(3, size());
  }

  /** In-sync replicas a write to those topics needs: two of three, else one. */
  public int minInsyncReplicas() {
    return size() >= 3 ? 2 : 1;
  }
}
