package dev.orderflow.devstack.verify;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Observes a running orderflow and judges it, again and again until every guarantee holds or {@code
 * patience} is spent: right after faults or load, consumers catch up, outboxes drain and emails go
 * out for a while, and what matters is whether the system gets there.
 */
public final class Verifier {

  /** Between two looks at a system that is not there yet. */
  static final Duration AGAIN = Duration.ofSeconds(5);

  private final Target target;
  private final Invariants invariants;
  private final Clock clock;

  public Verifier(Target target, Invariants invariants, Clock clock) {
    this.target = target;
    this.invariants = invariants;
    this.clock = clock;
  }

  /**
   * The first verdict that passes, or the last one taken before {@code patience} ran out.
   *
   * @param ledger the orders clients were told were accepted
   * @param progress where a line goes each time the system is not there yet
   */
  public Verdict verify(Set<String> ledger, Duration patience, PrintStream progress)
      throws InterruptedException {
    var until = clock.instant().plus(patience);
    try (var observer = new Observer(target, ledger, clock)) {
      while (true) {
        Verdict verdict;
        try {
          var seen = observer.observe();
          verdict = new Verdict(seen, invariants.judge(seen));
        } catch (RuntimeException e) {
          if (!clock.instant().isBefore(until)) {
            throw e;
          }
          progress.printf(
              "could not read the system yet (%s); looking again in %d s%n", e, AGAIN.toSeconds());
          Thread.sleep(AGAIN);
          continue;
        }
        if (verdict.passed() || !clock.instant().isBefore(until)) {
          return verdict;
        }
        progress.printf(
            "not there yet: %s; looking again in %d s%n",
            String.join("; ", verdict.failures().stream().map(Check::guarantee).toList()),
            AGAIN.toSeconds());
        Thread.sleep(AGAIN);
      }
    }
  }
}
