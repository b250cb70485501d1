package dev.orderflow.devstack;

import java.util.List;

/**
 * What runs around the services; each runs as {@code devstack part <name>}. Kafka, MongoDB and SMTP
 * always, before the services; Prometheus after them, when the machine has a {@code prometheus}
 * binary (its part is a small JVM that runs it).
 */
public enum Infrastructure implements Part {
  KAFKA("kafka", 9092, List.of("-Xms64m", "-Xmx512m")),

  /**
   * A fixed young generation: sized from the old one, the serial collector's would be a few MB (a
   * collection every few milliseconds under load) and, after a full collection, a third of the
   * heap. 128 MB, not 32: H2's pages live across a few collections (its cache, changes waiting for
   * the next commit), and with 32 MB they were promoted and collected in full every few seconds —
   * 62 s of pauses in a 200 s run at 160 orders/s, 23 s with 128 MB
   * (docs/engineering/benchmarks.md).
   */
  MONGO("mongo", 27017, List.of("-Xms160m", "-Xmn128m", "-Xmx320m")),
  SMTP("smtp", 3025, List.of("-Xms16m", "-Xmx64m", "-XX:TieredStopAtLevel=1")),
  PROMETHEUS("prometheus", 9090, List.of("-Xms16m", "-Xmx32m", "-XX:TieredStopAtLevel=1"));

  /** What the services need before they start. */
  public static final List<Infrastructure> REQUIRED = List.of(KAFKA, MONGO, SMTP);

  private final String partName;
  private final int defaultPort;
  private final List<String> javaOptions;

  Infrastructure(String partName, int defaultPort, List<String> javaOptions) {
    this.partName = partName;
    this.defaultPort = defaultPort;
    this.javaOptions = javaOptions;
  }

  public static Infrastructure named(String name) {
    if (Part.named(name) instanceof Infrastructure infrastructure) {
      return infrastructure;
    }
    throw new IllegalArgumentException(
        "'%s' is a service, not an infrastructure part (kafka, mongo, smtp, prometheus)"
            .formatted(name));
  }

  @Override
  public String partName() {
    return partName;
  }

  @Override
  public int defaultPort() {
    return defaultPort;
  }

  @Override
  public String portVariable() {
    return "DEVSTACK_" + name() + "_PORT";
  }

  @Override
  public List<String> javaOptions() {
    return javaOptions;
  }
}
