package dev.orderflow.devstack;

import java.util.List;
import java.util.stream.Stream;

/**
 * One process of the stack: an infrastructure part (Kafka, MongoDB, SMTP) or a service. Its name
 * names its pid file, its log file and its line in the supervisor's output.
 */
public sealed interface Part permits Infrastructure, Service {

  String partName();

  int defaultPort();

  /** The environment variable that overrides {@link #defaultPort()}. */
  String portVariable();

  /**
   * The part's own JVM options, its heap first: without a limit mongo-java-server's H2 backend grew
   * to 2.5 GB RSS, and without an initial size every JVM starts with a heap sized from the whole
   * machine (a 64th of it). What all parts share is added by {@link PartLaunch}.
   */
  List<String> javaOptions();

  /** Infrastructure first, in start order, then the services. */
  static List<Part> all() {
    return Stream.<Part>concat(Stream.of(Infrastructure.values()), Stream.of(Service.values()))
        .toList();
  }

  static Part named(String name) {
    return all().stream()
        .filter(part -> part.partName().equals(name))
        .findFirst()
        .orElseThrow(() ->
            new IllegalArgumentException(
                "No part named '%s'; the parts are %s"
                    .formatted(name, all().stream().map(Part::partName).toList())));
  }
}
