package dev.orderflow.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** What a Kafka node's data directory says of itself: {@code meta.properties}, once formatted. */
final class KafkaData {

  private KafkaData() {}

  /** The file the format step writes, with the node's and the cluster's ids. */
  static Path meta(Path nodeDir) {
    return nodeDir.resolve("meta.properties");
  }

  /** The cluster id the directory was formatted with, if it was (and the file can be read). */
  static Optional<String> clusterId(Path nodeDir) {
    var meta = meta(nodeDir);
    if (!Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    var properties = new Properties();
    try (var in = Files.newInputStream(meta)) {
      properties.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(properties.getProperty("cluster.id"))
        .map(String::strip)
        .filter(id -> !id.isEmpty());
  }
}
