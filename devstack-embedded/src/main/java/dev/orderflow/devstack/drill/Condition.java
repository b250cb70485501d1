package dev.orderflow.devstack.drill;

import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;

/**
 * What a query's result must be for an expectation to pass: {@code "== 1"}, {@code "> 100"} (one of
 * {@code == != > >= < <=} and a number), {@code "absent"} (no series) or {@code "present"} (at
 * least one). A comparison passes when at least one series of the result satisfies it, and fails on
 * no series at all: write {@code max(...)} or {@code sum(...)} to compare one number.
 *
 * @param text as written, for the output
 */
public record Condition(String text, Kind kind, DoublePredicate test) {

  /** What the condition looks at. */
  public enum Kind {
    COMPARISON,
    ABSENT,
    PRESENT
  }

  private static final Pattern COMPARISON =
      Pattern.compile("(==|!=|>=|<=|>|<)\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)");

  /**
   * Parses a condition.
   *
   * @throws IllegalArgumentException naming what is allowed, for anything else
   */
  public static Condition parse(String text) {
    var condition = text.strip();
    switch (condition.toLowerCase(Locale.ROOT)) {
      case "absent" -> {
        return new Condition("absent", Kind.ABSENT, value -> false);
      }
      case "present" -> {
        return new Condition("present", Kind.PRESENT, value -> true);
      }
      default -> {
        // Handled below.
      }
    }
    var matcher = COMPARISON.matcher(condition);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "condition '%s' is not one of == != > >= < <= followed by a number, nor absent or present"
              .formatted(text));
    }
    double threshold = Double.parseDouble(matcher.group(2));
    DoublePredicate test =
        switch (matcher.group(1)) {
          case "==" -> value -> value == threshold;
          case "!=" -> value -> value != threshold;
          case ">" -> value -> value > threshold;
          case ">=" -> value -> value >= threshold;
          case "<" -> value -> value < threshold;
          default -> value -> value <= threshold;
        };
    return new Condition(matcher.group(1) + " " + matcher.group(2), Kind.COMPARISON, test);
  }

  /** Whether a result with these values (one per series) satisfies the condition. */
  public boolean holds(List<Double> values) {
    return switch (kind) {
      case ABSENT -> values.isEmpty();
      case PRESENT -> !values.isEmpty();
      case COMPARISON -> values.stream().anyMatch(value -> !value.isNaN() && test.test(value));
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
