package dev.orderflow.platform.instance;

import java.util.Objects;

/**
 * This process's name among the instances of its service ({@code orderflow.instance.name}): by
 * default its host name and port, so two instances on one machine differ by port, two containers by
 * host name, and an instance restarted in place keeps its name.
 */
public record InstanceName(String value) {

  public InstanceName {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("orderflow.instance.name must not be blank");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
