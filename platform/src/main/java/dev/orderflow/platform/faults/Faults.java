package dev.orderflow.platform.faults;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults of this service, by name. Each shows in {@code faults_active{name}} (1 while on), so a
 * dashboard can tell an injected fault from a real one.
 */
public final class Faults {

  private static final Logger log = LoggerFactory.getLogger(Faults.class);

  private final Map<String, Fault> faults = new ConcurrentSkipListMap<>();
  private final MeterRegistry meters;
  private final Clock clock;

  public Faults(MeterRegistry meters, Clock clock) {
    this.meters = meters;
    this.clock = clock;
  }

  /** Declares a fault that takes {@code parameters}; registering twice is an error. */
  public synchronized Fault register(
      String name, String description, Fault.Parameter... parameters) {
    if (faults.containsKey(name)) {
      throw new IllegalStateException("Fault " + name + " is registered already");
    }
    var fault = new Fault(name, description, List.of(parameters));
    faults.put(name, fault);
    Gauge.builder("faults.active", fault, f -> f.active() ? 1 : 0)
        .description("1 while the fault is switched on")
        .tag("name", name)
        .register(meters);
    return fault;
  }

  public List<Fault> all() {
    return List.copyOf(faults.values());
  }

  public Fault named(String name) {
    var fault = faults.get(name);
    if (fault == null) {
      throw new UnknownFaultException(name);
    }
    return fault;
  }

  Optional<Fault> find(String name) {
    return Optional.ofNullable(faults.get(name));
  }

  public Fault enable(String name, Map<String, Long> parameters) {
    var fault = named(name);
    fault.enable(parameters, clock.instant());
    log.warn("Fault {} switched ON with {}", name, fault.activation().orElseThrow().parameters());
    fault.requestedHere(parameters);
    return fault;
  }

  public Fault disable(String name) {
    var fault = named(name);
    if (fault.active()) {
      log.warn("Fault {} switched off", name);
    }
    fault.disable();
    return fault;
  }
}
