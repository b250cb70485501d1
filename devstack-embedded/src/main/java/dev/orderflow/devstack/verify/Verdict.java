package dev.orderflow.devstack.verify;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The checks of one observation, and the report a person reads. */
public record Verdict(Observation seen, List<Check> checks) {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  public boolean passed() {
    return checks.stream().noneMatch(Check::failed);
  }

  public List<Check> failures() {
    return checks.stream().filter(Check::failed).toList();
  }

  /** One line per check with its counts, and under a check a few of its cases. */
  public String report() {
    var failed = failures().size();
    var judged = checks.stream().filter(check -> check.outcome() != Check.Outcome.INFO).count();
    var text = new StringBuilder();
    text.append("orderflow verify, ")
        .append(TIME.format(seen.at()))
        .append(": ")
        .append(failed == 0 ? "every guarantee holds" : failed + " of " + judged + " checks failed")
        .append('\n');
    for (var check : checks) {
      text.append("  ")
          .append(check.outcome())
          .append("  ")
          .append(check.guarantee())
          .append('\n')
          .append("        ")
          .append(check.summary())
          .append('\n');
      for (var example : check.examples()) {
        text.append("        - ").append(example).append('\n');
      }
    }
    return text.toString();
  }
}
