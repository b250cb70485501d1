package dev.orderflow.devstack;

import java.util.regex.Pattern;

/**
 * One process of a part: a stack runs {@code --instances N} of each service, {@code --brokers N}
 * Kafka nodes and one of everything else. The first is named like its part ({@code order-service},
 * {@code kafka}), the k-th after it with {@code -k} ({@code order-service-2}, {@code kafka-3}): the
 * name of its pid file, its log file and its lines in the supervisor's output.
 */
public record Instance(Part part, int number) {

  private static final Pattern NUMBERED = Pattern.compile("(.+)-(\\d+)");

  public Instance {
    if (number < 1) {
      throw new IllegalArgumentException("Instances count from 1, was " + number);
    }
  }

  public static Instance first(Part part) {
    return new Instance(part, 1);
  }

  /** {@code order-service} is the first instance, {@code order-service-2} the second. */
  public static Instance named(String name) {
    var numbered = NUMBERED.matcher(name);
    if (numbered.matches() && !isPart(name)) {
      return new Instance(Part.named(numbered.group(1)), Integer.parseInt(numbered.group(2)));
    }
    return first(Part.named(name));
  }

  public String name() {
    return number == 1 ? part.partName() : part.partName() + "-" + number;
  }

  @Override
  public String toString() {
    return name();
  }

  private static boolean isPart(String name) {
    return Part.all().stream().anyMatch(part -> part.partName().equals(name));
  }
}
