package dev.orderflow.platform.faults;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A fault an operator can switch on and off while the service runs, e.g. {@code smtp-outage}. The
 * code it affects asks {@link #active()} (and reads {@link #parameter}) where the fault would
 * strike.
 *
 * <p>Parameters are whole numbers with defaults, e.g. {@code latencyMs}; switching the fault on may
 * override them.
 */
public final class Fault {

  private final String name;
  private final String description;
  private final Map<String, Long> defaults;
  private volatile Activation activation;
  private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

  /** When a fault was switched on, and with which parameters. */
  public record Activation(Instant since, Map<String, Long> parameters) {

    public Activation {
      parameters = Map.copyOf(parameters);
    }
  }

  Fault(String name, String description, Map<String, Long> defaults) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.defaults = Map.copyOf(defaults);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public boolean active() {
    return activation != null;
  }

  /** The parameter's value while the fault is on, or its default. */
  public long parameter(String parameter) {
    var current = activation;
    var value = current == null ? defaults.get(parameter) : current.parameters().get(parameter);
    if (value == null) {
      throw new IllegalArgumentException(name + " has no parameter " + parameter);
    }
    return value;
  }

  /** Defaults of the parameters this fault takes. */
  public Map<String, Long> defaults() {
    return defaults;
  }

  /** The current activation, if the fault is on. */
  public java.util.Optional<Activation> activation() {
    return java.util.Optional.ofNullable(activation);
  }

  /**
   * Runs {@code listener} with {@code true} each time the fault is switched on and {@code false}
   * each time it is switched off: for faults that change something once (pausing a consumer) rather
   * than being asked at every step.
   */
  public void onSwitch(Consumer<Boolean> listener) {
    listeners.add(listener);
  }

  void enable(Map<String, Long> parameters, Instant now) {
    for (var entry : parameters.entrySet()) {
      if (!defaults.containsKey(entry.getKey())) {
        throw new UnknownFaultParameterException(name, entry.getKey(), defaults.keySet());
      }
      if (entry.getValue() < 0) {
        throw new IllegalArgumentException(entry.getKey() + " must not be negative");
      }
    }
    var effective = new LinkedHashMap<>(defaults);
    effective.putAll(parameters);
    var wasOff = activation == null;
    activation = new Activation(now, effective);
    if (wasOff) {
      listeners.forEach(listener -> listener.accept(true));
    }
  }

  void disable() {
    var wasOn = activation != null;
    activation = null;
    if (wasOn) {
      listeners.forEach(listener -> listener.accept(false));
    }
  }
}
