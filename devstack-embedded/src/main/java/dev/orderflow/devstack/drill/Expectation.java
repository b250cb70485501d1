package dev.orderflow.devstack.drill;

import dev.orderflow.devstack.drill.Prometheus.Sample;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What {@code drill check} asks Prometheus, and what the answer must be. */
public sealed interface Expectation {

  /** What the output calls it. */
  String name();

  /** The PromQL instant query evaluated. */
  String query();

  /** PASS or FAIL for Prometheus' answer to {@link #query()}. */
  Outcome judge(List<Sample> result);

  /**
   * A query whose result must satisfy a condition.
   *
   * @param name what the output calls it: {@code the breaker is open}
   */
  record Query(String name, String query, Condition condition) implements Expectation {

    @Override
    public Outcome judge(List<Sample> result) {
      var values = result.stream().map(Sample::value).toList();
      return new Outcome(this, condition.holds(values), seen(result));
    }

    private static String seen(List<Sample> result) {
      if (result.isEmpty()) {
        return "no series";
      }
      if (result.size() == 1) {
        return format(result.getFirst().value());
      }
      return result.size()
          + " series: "
          + result.stream()
              .limit(5)
              .map(sample -> format(sample.value()))
              .collect(Collectors.joining(", "))
          + (result.size() > 5 ? ", ..." : "");
    }
  }

  /**
   * An alert that must be firing ({@code ALERTS{alertstate="firing"}}), with these labels if any
   * are given: {@code ConsumerLagGrowing} for {@code group=inventory-service}.
   */
  record Alert(String alert, Map<String, String> labels) implements Expectation {

    public Alert {
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    @Override
    public String name() {
      return "alert " + alert + (labels.isEmpty() ? "" : " " + selector(labels)) + " firing";
    }

    /** Every state of the alert, so that the output tells pending from not there at all. */
    @Override
    public String query() {
      var selector = new TreeMap<String, String>(labels);
      selector.put("alertname", alert);
      return "ALERTS" + selector(selector);
    }

    @Override
    public Outcome judge(List<Sample> result) {
      var states =
          result.stream()
              .map(sample -> sample.labels().getOrDefault("alertstate", "?"))
              .collect(Collectors.toCollection(TreeSet::new));
      var seen = states.isEmpty() ? "not pending or firing" : String.join(", ", states);
      return new Outcome(this, states.contains("firing"), seen);
    }

    private static String selector(Map<String, String> labels) {
      return labels.entrySet().stream()
          .map(label -> label.getKey() + "=\"" + label.getValue().replace("\"", "\\\"") + "\"")
          .collect(Collectors.joining(",", "{", "}"));
    }
  }

  /**
   * One line of {@code drill check}'s verdict.
   *
   * @param seen the value(s) Prometheus answered, {@code no series}, or why there was no answer
   */
  record Outcome(Expectation expectation, boolean passed, String seen) {

    /** {@code PASS the breaker is open (seen: 1)}. */
    public String line() {
      return "%s  %s  (seen: %s)".formatted(passed ? "PASS" : "FAIL", expectation.name(), seen);
    }
  }

  /** {@code 1}, {@code 0.25}, {@code 1234.57}: six significant digits at most, no zeros after. */
  static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }
}
