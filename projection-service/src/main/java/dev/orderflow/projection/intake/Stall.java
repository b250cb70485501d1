package dev.orderflow.projection.intake;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;

/**
 * The {@code stall} fault (docs/faults.md), wrapped around the switch of the live listener: while
 * it is on, the listener is paused and stays paused whoever else resumes it (a rebuild's hand-over
 * included), so the read side freezes while the write side carries on, and lag grows until the
 * fault is switched off and the listener catches up.
 */
final class Stall implements IntakeSwitch {

  private final IntakeSwitch listener;
  private final Fault fault;

  Stall(IntakeSwitch listener, Faults faults) {
    this.listener = listener;
    this.fault =
        faults.register(
            "stall",
            "The projections stop applying events: queries keep answering, but from a read side"
                + " that no longer moves; projection lag and records behind grow. Switched off, it"
                + " catches up.");
    fault.onSwitch(on -> {
      if (on) {
        listener.pause();
      } else {
        listener.resume();
      }
    });
  }

  @Override
  public void pause() {
    listener.pause();
  }

  @Override
  public void resume() {
    if (!fault.active()) {
      listener.resume();
    }
  }

  @Override
  public boolean standsStill() {
    return listener.standsStill();
  }
}
