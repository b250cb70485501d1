package dev.orderflow.projection.intake;

import dev.orderflow.projection.generation.Unflushed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.support.Acknowledgment;

/**
 * A live consumer of one partition whose listener applies what it polls to the read side, as {@link
 * WrittenBehind} sees it: the polls it hands over and what the consumer committed.
 */
final class AppliedPolls {

  /** The read side: what was applied since the last flush, and whether a flush fails. */
  static final class Changes implements Unflushed {
    OptionalLong since = OptionalLong.empty();
    Duration interval = Duration.ZERO;
    boolean failing;
    int flushes;

    /** When a flush took what it stored, if not when it was called. */
    @Nullable Long takenAt;

    void applied() {
      if (since.isEmpty()) {
        since = OptionalLong.of(System.nanoTime());
      }
    }

    @Override
    public long flush() {
      if (failing) {
        throw new IllegalStateException("MongoDB away");
      }
      flushes++;
      if (takenAt != null) {
        return takenAt;
      }
      since = OptionalLong.empty();
      heldFrom = null;
      return System.nanoTime();
    }

    /** Set: a due flush holds what was applied from then on ({@link System#nanoTime}). */
    @Nullable Long heldFrom;

    int dueFlushesHolding;

    @Override
    public long flushDue() {
      var held = heldFrom;
      if (held == null) {
        return flush();
      }
      if (failing) {
        throw new IllegalStateException("MongoDB away");
      }
      dueFlushesHolding++;
      return held - 1;
    }

    @Override
    public OptionalLong flushDueAt() {
      return since.isEmpty() ? since : OptionalLong.of(since.getAsLong() + interval.toNanos());
    }

    @Override
    public boolean allFlushed() {
      return since.isEmpty();
    }

    @Override
    public int unstoredViews() {
      return since.isPresent() ? 1 : 0;
    }
  }

  static final class Poll implements Acknowledgment {
    int commits;

    @Override
    public void acknowledge() {
      commits++;
    }
  }

  static final TopicPartition PARTITION = new TopicPartition("orders.events", 0);

  final Changes changes = new Changes();
  final MockConsumer<String, Object> consumer = new MockConsumer<>("earliest");

  AppliedPolls() {
    consumer.assign(List.of(PARTITION));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
  }

  /** The consumer read up to {@code position}, and its listener applied what it read. */
  Poll polled(WrittenBehind writes, long position) {
    consumer.seek(PARTITION, position);
    changes.applied();
    var poll = new Poll();
    writes.applied(poll);
    return poll;
  }

  /** The offset the consumer committed, if any. */
  @Nullable Long committed() {
    OffsetAndMetadata committed = consumer.committed(Set.of(PARTITION)).get(PARTITION);
    return committed == null ? null : committed.offset();
  }
}
