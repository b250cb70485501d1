package dev.orderflow.projection.intake;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The live listener of this instance, as a rebuild's switch needs it (ADR 8): held still while a
 * rebuild switches (paused, holding no record, with everything it applied committed, so that the
 * group's committed offsets are exactly what the live generation has applied), named by the
 * consumer group member ids of its consumers, which is how the instance that switches knows whom it
 * waits for, and released once the switch is over.
 */
@Component
public class LiveIntake {

  private final IntakeSwitch listener;
  private final ProjectionListener consumers;
  private final KafkaOffsets offsets;
  private final WrittenBehind writes;
  private final Map<String, String> members = new ConcurrentHashMap<>();
  private volatile boolean held;

  LiveIntake(
      IntakeSwitch listener,
      ProjectionListener consumers,
      KafkaOffsets offsets,
      WrittenBehind writes) {
    this.listener = listener;
    this.consumers = consumers;
    this.offsets = offsets;
    this.writes = writes;
  }

  /**
   * Pauses the listener for a switch; it stands still once every consumer finished its poll, and
   * stored and committed everything it applied (at its next look, which a paused consumer takes
   * when idle).
   */
  public synchronized void hold() {
    held = true;
    writes.atOnce(true);
    listener.pause();
  }

  /**
   * Resumes the listener after a switch, if it was held for one: from the offsets the group
   * committed, not from where its consumers stand. The two differ only if a commit failed without
   * the listener noticing; the switch was based on the committed ones, so the records in between
   * must be applied again (to the new generation, which skips what it has). The seeks are done on
   * the consumers' threads before their next poll, which comes before the one that resumes them.
   */
  public synchronized void release() {
    if (held) {
      var assigned = consumers.assigned();
      offsets.committedOf(assigned).forEach(consumers::seek);
      held = false;
      writes.atOnce(false);
      listener.resume();
    }
  }

  public boolean held() {
    return held;
  }

  /** Paused, holding no record, with what it polled stored and committed; or not running at all. */
  public boolean standsStill() {
    return listener.standsStill() && writes.nothingWaiting();
  }

  /** The consumer group member ids of this instance's live consumers, as last assigned. */
  public Set<String> members() {
    return Set.copyOf(members.values());
  }

  /** A consumer of the live listener was assigned partitions as {@code memberId}. */
  void assigned(String consumer, String memberId) {
    members.put(consumer, memberId);
  }
}
