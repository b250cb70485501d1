package dev.orderflow.projection.intake;

import dev.orderflow.platform.faults.Faults;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code stall} fault (docs/faults.md), wrapped around the switch of the live listener. The
 * listener is paused for as long as any reason to pause stands: the fault, or a rebuild's switch
 * (ADR 8). While the fault is on, the listener stays paused whoever else resumes it (a rebuild's
 * hand-over included), so the read side freezes while the write side carries on, and lag grows
 * until the fault is switched off and the listener catches up; switched off in the middle of a
 * switch, it leaves the listener paused until the switch is over.
 */
final class Stall implements IntakeSwitch {

  private enum Reason {
    STALL,
    SWITCH
  }

  private final IntakeSwitch listener;
  private final Set<Reason> reasons = EnumSet.noneOf(Reason.class);

  Stall(IntakeSwitch listener, Faults faults) {
    this.listener = listener;
    var fault =
        faults.register(
            "stall",
            "The projections stop applying events: queries keep answering, but from a read side"
                + " that no longer moves; projection lag and records behind grow. Switched off, it"
                + " catches up.");
    fault.onSwitch(on -> {
      if (on) {
        pause(Reason.STALL);
      } else {
        resume(Reason.STALL);
      }
    });
  }

  @Override
  public void pause() {
    pause(Reason.SWITCH);
  }

  @Override
  public void resume() {
    resume(Reason.SWITCH);
  }

  private synchronized void pause(Reason reason) {
    reasons.add(reason);
    listener.pause();
  }

  private synchronized void resume(Reason reason) {
    if (reasons.remove(reason) && reasons.isEmpty()) {
      listener.resume();
    }
  }

  @Override
  public boolean standsStill() {
    return listener.standsStill();
  }
}
