package dev.orderflow.projection.intake;

/**
 * What pauses and resumes the live listener. A paused consumer keeps polling (without records) and
 * so keeps its partitions: nothing rebalances.
 */
interface IntakeSwitch {

  void pause();

  void resume();

  /** Paused, holding no record, with what it polled committed; or not running at all. */
  boolean standsStill();
}
