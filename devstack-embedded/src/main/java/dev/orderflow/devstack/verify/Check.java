package dev.orderflow.devstack.verify;

import java.util.List;

/**
 * One guarantee judged against an {@link Observation}.
 *
 * @param guarantee what must hold, in plain words
 * @param outcome whether it held; {@code INFO} for what is reported but judged by a person
 * @param summary the counts behind the verdict
 * @param examples a few of the cases that broke it (or, for INFO, a few of what was found)
 */
public record Check(String guarantee, Outcome outcome, String summary, List<String> examples) {

  /** The verdict. */
  public enum Outcome {
    PASS,
    FAIL,
    INFO
  }

  /** How many examples a check shows at most. */
  static final int EXAMPLES = 5;

  public Check {
    examples = List.copyOf(examples.subList(0, Math.min(examples.size(), EXAMPLES)));
  }

  static Check of(String guarantee, List<String> broken, String summary) {
    return new Check(guarantee, broken.isEmpty() ? Outcome.PASS : Outcome.FAIL, summary, broken);
  }

  public boolean failed() {
    return outcome == Outcome.FAIL;
  }
}
