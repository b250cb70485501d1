package dev.orderflow.devstack;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * One process of the stack: an infrastructure part (Kafka, MongoDB, SMTP), a service or the
 * console. Its name names its pid file, its log file and its line in the supervisor's output.
 */
public sealed interface Part permits Infrastructure, Application {

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

  /** Infrastructure first, in start order, then the services, then the console. */
  static List<Part> all() {
    return Stream.<Part[]>of(Infrastructure.values(), Service.values(), Console.values())
        .flatMap(Arrays::stream)
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
