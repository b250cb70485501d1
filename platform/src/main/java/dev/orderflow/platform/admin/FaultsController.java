package dev.orderflow.platform.admin;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.faults.ServiceWideFaults;
import dev.orderflow.platform.faults.ServiceWideFaults.Instances;
import dev.orderflow.platform.web.ClientLimits;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Switching faults while the service runs: {@code PUT /api/admin/faults/{name}} with {@code
 * {"enabled":true, "latencyMs":500}}, {@code DELETE} to switch one off, {@code GET} to list them. A
 * switch through any instance applies to every instance of the service ({@link ServiceWideFaults});
 * the answer names the instances that applied it and those still pending.
 */
@RestController
@RequestMapping("/api/admin/faults")
public class FaultsController {

  private final Faults faults;
  private final ServiceWideFaults shared;
  private final ClientLimits limits;

  public FaultsController(Faults faults, ServiceWideFaults shared, ClientLimits limits) {
    this.faults = faults;
    this.shared = shared;
    this.limits = limits;
  }

  /**
   * A fault as the API shows it; {@code parameters} are the current values (or the defaults), and
   * {@code limits} the bounds each one must keep to; {@code instances}, which instances of the
   * service have applied its latest switch and which not yet ({@code null} when MongoDB, which
   * knows them, does not answer: the rest is this instance's state).
   */
  record FaultState(
      String name,
      String description,
      boolean enabled,
      @Nullable Instant since,
      Map<String, Long> parameters,
      Map<String, Limits> limits,
      @Nullable Instances instances) {

    /** The bounds of one parameter. */
    record Limits(long min, long max) {}

    static FaultState of(Fault fault, @Nullable Instances instances) {
      var activation = fault.activation();
      var limits = new LinkedHashMap<String, Limits>();
      fault.parameters().forEach(p -> limits.put(p.name(), new Limits(p.min(), p.max())));
      return new FaultState(
          fault.name(),
          fault.description(),
          activation.isPresent(),
          activation.map(Fault.Activation::since).orElse(null),
          activation.map(Fault.Activation::parameters).orElse(fault.defaults()),
          limits,
          instances);
    }
  }

  private static final Instances NONE = new Instances(List.of(), List.of());

  @GetMapping
  List<FaultState> all() {
    limits.charge(ClientLimits.ADMIN);
    var instances = shared.instances();
    return faults.all().stream()
        .map(fault ->
            FaultState.of(
                fault, instances == null ? null : instances.getOrDefault(fault.name(), NONE)))
        .toList();
  }

  @PutMapping("/{name}")
  FaultState change(@PathVariable String name, @RequestBody Map<String, Object> body) {
    limits.charge(ClientLimits.ADMIN);
    var enabled = body.getOrDefault("enabled", true);
    if (!(enabled instanceof Boolean on)) {
      throw new IllegalArgumentException("enabled must be true or false");
    }
    if (!on) {
      return answer(shared.disable(name));
    }
    var parameters = new LinkedHashMap<String, Long>();
    body.forEach((key, value) -> {
      if (!key.equals("enabled")) {
        if (!(value instanceof Number number) || number.doubleValue() != number.longValue()) {
          throw new IllegalArgumentException(key + " must be a whole number");
        }
        parameters.put(key, number.longValue());
      }
    });
    return answer(shared.enable(name, parameters));
  }

  @DeleteMapping("/{name}")
  FaultState switchOff(@PathVariable String name) {
    limits.charge(ClientLimits.ADMIN);
    return answer(shared.disable(name));
  }

  private static FaultState answer(ServiceWideFaults.Switched switched) {
    return FaultState.of(switched.fault(), switched.instances());
  }
}
