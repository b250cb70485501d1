package dev.orderflow.inventory.domain;

/** What became of a {@link StockStep}. */
public sealed interface StepOutcome {

  Done DONE = new Done();
  NotMine NOT_MINE = new NotMine();

  /**
   * The step's effect is in place for its attempt: written now, found written by an earlier
   * delivery, or taken over from an older attempt. For an undo step: taken back.
   */
  record Done() implements StepOutcome {}

  /**
   * Not enough units: a reservation that cannot be covered, or an undo of a release whose units
   * were reserved again meanwhile. A sku without a document has nothing available.
   */
  record Short(int available) implements StepOutcome {}

  /**
   * A release of more units than are reserved: another attempt at the same order released them
   * already and cleared its marker (the caller has lost the reservation), or the levels were
   * changed behind the service's back. Nothing is written either way.
   */
  record Overdrawn(int reserved) implements StepOutcome {}

  /** A newer attempt at the same order owns this step; the older one must stop. */
  record Superseded(long byAttempt) implements StepOutcome {}

  /** An undo step found no marker of its own attempt, so there is nothing of its to take back. */
  record NotMine() implements StepOutcome {}
}
