package dev.orderflow.platform.faults;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A fault an operator can switch on and off while the service runs, e.g. {@code smtp-outage}. The
 * code it affects asks {@link #active()} (and reads {@link #parameter}) where the fault would
 * strike.
 *
 * <p>Parameters are whole numbers with defaults and bounds, e.g. {@code latencyMs} within 0..60000;
 * switching the fault on may override them within their bounds.
 */
public final class Fault {

  /**
   * A parameter: its name, the value it has unless the switch says otherwise, and the bounds the
   * switch must keep to (a delay that cannot be undone, or a negative one, is refused).
   */
  public record Parameter(String name, long defaultValue, long min, long max) {

    /** The longest delay a fault may add: a minute. */
    public static final long LONGEST_DELAY_MS = 60_000;

    public Parameter {
      Objects.requireNonNull(name, "name");
      if (min > defaultValue || defaultValue > max) {
        throw new IllegalArgumentException(name + ": the default must lie within the bounds");
      }
    }

    /** A delay in milliseconds, from 0 to {@link #LONGEST_DELAY_MS}. */
    public static Parameter milliseconds(String name, long defaultValue) {
      return new Parameter(name, defaultValue, 0, LONGEST_DELAY_MS);
    }
  }

  private final String name;
  private final String description;
  private final Map<String, Parameter> parameters;
  private final Map<String, Long> defaults;
  private volatile @Nullable Activation activation;
  private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Map<String, Long>>> requested = new CopyOnWriteArrayList<>();

  /** When a fault was switched on, and with which parameters. */
  public record Activation(Instant since, Map<String, Long> parameters) {

    public Activation {
      parameters = Map.copyOf(parameters);
    }
  }

  Fault(String name, String description, List<Parameter> parameters) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    var byName = new LinkedHashMap<String, Parameter>();
    var defaultValues = new LinkedHashMap<String, Long>();
    for (var parameter : parameters) {
      byName.put(parameter.name(), parameter);
      defaultValues.put(parameter.name(), parameter.defaultValue());
    }
    this.parameters = Collections.unmodifiableMap(byName);
    this.defaults = Collections.unmodifiableMap(defaultValues);
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

  /** The parameters this fault takes, with their bounds. */
  public Collection<Parameter> parameters() {
    return parameters.values();
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

  /**
   * Runs {@code listener} each time a switch on is requested through this instance (a {@code PUT}
   * it took, or {@link Faults#enable}), with the parameters asked for and the defaults of the rest:
   * once per switch for the whole service, never on the instances the switch reaches from another
   * one. For faults that do something once per switch (publish a record) rather than on every
   * instance. A {@code PUT} while the fault is on is a switch too.
   */
  public void onRequestedHere(Consumer<Map<String, Long>> listener) {
    requested.add(listener);
  }

  /** A switch on was requested through this instance, with {@code parameters} (checked). */
  void requestedHere(Map<String, Long> parameters) {
    var effective = new LinkedHashMap<>(defaults);
    effective.putAll(parameters);
    var asked = Collections.unmodifiableMap(effective);
    requested.forEach(listener -> listener.accept(asked));
  }

  void enable(Map<String, Long> parameters, Instant now) {
    check(parameters);
    var effective = new LinkedHashMap<>(defaults);
    effective.putAll(parameters);
    var wasOff = activation == null;
    activation = new Activation(now, effective);
    if (wasOff) {
      listeners.forEach(listener -> listener.accept(true));
    }
  }

  /** Refuses a parameter this fault does not take, or one outside its bounds. */
  void check(Map<String, Long> parameters) {
    for (var entry : parameters.entrySet()) {
      var parameter = this.parameters.get(entry.getKey());
      if (parameter == null) {
        throw new UnknownFaultParameterException(name, entry.getKey(), defaults.keySet());
      }
      if (entry.getValue() < parameter.min() || entry.getValue() > parameter.max()) {
        throw new IllegalArgumentException(
            entry.getKey()
                + " must be within "
                + parameter.min()
                + ".."
                + parameter.max()
                + ", was "
                + entry.getValue());
      }
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
