package dev.orderflow.devstack;

/**
 * The images the Testcontainers variants of the tests run, which are also the images {@code
 * docker-compose.yml} runs (a test checks that the two agree).
 */
public final class ContainerImages {

  /** Apache Kafka in KRaft mode, the broker version the Kafka clients are built for. */
  public static final String KAFKA = "apache/kafka:4.2.2";

  /** MongoDB, run as a single-node replica set in compose. */
  public static final String MONGO = "mongo:8.0";

  private ContainerImages() {}
}
