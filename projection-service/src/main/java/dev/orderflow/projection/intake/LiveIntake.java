package dev.orderflow.projection.intake;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The live listener, as a rebuild needs it for the moment of its switch: paused, holding no record,
 * with everything it applied committed, so the group's committed offsets are exactly what the live
 * generation has applied.
 */
@Component
public class LiveIntake {

  private static final Duration CHECK = Duration.ofMillis(20);

  private final IntakeSwitch listener;
  private final KafkaOffsets offsets;
  private final ReentrantLock oneAtATime = new ReentrantLock();

  LiveIntake(IntakeSwitch listener, KafkaOffsets offsets) {
    this.listener = listener;
    this.offsets = offsets;
  }

  /**
   * Pauses the live listener, then runs {@code action} with the offsets the live consumer group
   * committed on {@code topics}, and resumes the listener however the action ends. Empty when the
   * listener did not pause within {@code timeout} (it was retrying a record, say): then nothing
   * ran, and the caller may try again later.
   */
  public <T> Optional<T> whilePaused(
      Collection<String> topics, Duration timeout, Function<Map<String, Long>, T> action)
      throws InterruptedException {
    oneAtATime.lockInterruptibly();
    try {
      listener.pause();
      try {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (!listener.standsStill()) {
          if (System.nanoTime() > deadline) {
            return Optional.empty();
          }
          Thread.sleep(CHECK);
        }
        return Optional.of(action.apply(offsets.committed(topics)));
      } finally {
        listener.resume();
      }
    } finally {
      oneAtATime.unlock();
    }
  }
}
