package dev.orderflow.devstack;

import java.util.List;

/** What the services need around them; each runs as {@code devstack part <name>}. */
public enum Infrastructure implements Part {
  KAFKA("kafka", 9092, List.of("-Xms256m", "-Xmx512m")),
  MONGO("mongo", 27017, List.of("-Xmx512m")),
  SMTP("smtp", 3025, List.of("-Xmx64m"));

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
        "'%s' is a service, not an infrastructure part (kafka, mongo, smtp)".formatted(name));
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
