package dev.orderflow.devstack.drill;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One drill, as its page defines it ({@link DrillPages}).
 *
 * @param name the page's file name without {@code .md}: {@code email-outage}
 * @param title one line for {@code drill list}
 * @param page the page, for a human to read
 * @param brokers the Kafka nodes the drill needs: 1, or 3 ({@code ./devstack --brokers 3})
 * @param traffic orders per second that {@code drill start} drives until {@code drill stop}; 0 for
 *     none
 * @param inject what {@code drill start} does, in order
 * @param expect what {@code drill check} evaluates against Prometheus
 */
public record Drill(
    String name,
    String title,
    Path page,
    int brokers,
    double traffic,
    List<Injection> inject,
    List<Expectation> expect) {

  public Drill {
    inject = List.copyOf(inject);
    expect = List.copyOf(expect);
  }

  /** The faults the drill switches on. */
  public List<Injection.Fault> faults() {
    return inject.stream()
        .filter(Injection.Fault.class::isInstance)
        .map(Injection.Fault.class::cast)
        .toList();
  }

  /** The parts the drill holds stopped. */
  public List<Injection.Hold> holds() {
    return inject.stream()
        .filter(Injection.Hold.class::isInstance)
        .map(Injection.Hold.class::cast)
        .toList();
  }

  /** One step of {@code drill start}. */
  public sealed interface Injection {

    /**
     * A fault of a service switched on ({@code PUT /api/admin/faults/{fault}}) for every instance.
     *
     * @param parameters whole numbers; none for the fault's defaults
     */
    record Fault(String service, String fault, Map<String, Long> parameters) implements Injection {

      public Fault {
        parameters = Map.copyOf(parameters);
      }

      @Override
      public String toString() {
        return service + " " + fault + (parameters.isEmpty() ? "" : " " + parameters);
      }
    }

    /**
     * A part stopped and kept stopped until {@code drill stop}: a service instance ({@code
     * inventory-service}, {@code order-service-2}) or an infrastructure part ({@code mongo}, {@code
     * kafka-2}).
     */
    record Hold(String instance) implements Injection {

      @Override
      public String toString() {
        return "hold " + instance;
      }
    }
  }
}
