package dev.orderflow.projection.intake;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/**
 * The live listener, as a rebuild needs it for the moment of its switch: paused, holding no record,
 * with everything it applied committed. Spring Kafka commits what a poll returned before it pauses
 * the consumer, so once the container reports paused, the group's committed offsets are exactly
 * what the live generation has applied; the consumer keeps polling (and so keeps its partitions)
 * while paused.
 */
@Component
public class LiveIntake {

  private static final Duration CHECK = Duration.ofMillis(20);

  private final KafkaListenerEndpointRegistry registry;
  private final KafkaOffsets offsets;
  private final Stall stall;
  private final ReentrantLock oneAtATime = new ReentrantLock();

  LiveIntake(KafkaListenerEndpointRegistry registry, KafkaOffsets offsets, Stall stall) {
    this.registry = registry;
    this.offsets = offsets;
    this.stall = stall;
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
      var container = registry.getListenerContainer(ProjectionListener.ID);
      if (container == null) {
        throw new IllegalStateException("No listener container " + ProjectionListener.ID);
      }
      container.pause();
      try {
        var deadline = System.nanoTime() + timeout.toNanos();
        while (container.isRunning() && !container.isContainerPaused()) {
          if (System.nanoTime() > deadline) {
            return Optional.empty();
          }
          Thread.sleep(CHECK);
        }
        return Optional.of(action.apply(offsets.committed(topics)));
      } finally {
        // A stalled listener stays paused: the fault, not the rebuild, decides when it moves.
        if (!stall.active()) {
          container.resume();
        }
      }

    } finally {
      oneAtATime.unlock();
    }
  }
}
