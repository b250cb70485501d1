package dev.orderflow.projection.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.projection.generation.Unflushed;
import dev.orderflow.projection.generation.WriteBehindProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

/**
 * {@link WrittenBehind}: a poll's offsets are committed only once a flush that took its records
 * stored them, and never past a flush that failed; once everything polled is stored, the consumer's
 * positions are.
 */
class WrittenBehindTest {

  /** The read side: what was applied since the last flush, and whether a flush fails. */
  static final class Changes implements Unflushed {
    OptionalLong since = OptionalLong.empty();
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
      return System.nanoTime();
    }

    @Override
    public OptionalLong unflushedSince() {
      return since;
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
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final MockConsumer<String, Object> consumer = new MockConsumer<>("earliest");

  @BeforeEach
  void assigned() {
    consumer.assign(List.of(PARTITION));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
  }

  WrittenBehind every(Duration interval) {
    return new WrittenBehind(changes, new WriteBehindProperties(interval), meters);
  }

  /** The consumer read up to {@code position}, and its listener applied what it read. */
  Poll polled(WrittenBehind writes, long position) {
    consumer.seek(PARTITION, position);
    changes.applied();
    var poll = new Poll();
    writes.applied(poll);
    return poll;
  }

  @Nullable Long committed() {
    OffsetAndMetadata committed = consumer.committed(Set.of(PARTITION)).get(PARTITION);
    return committed == null ? null : committed.offset();
  }

  @Test
  void nothing_is_committed_before_a_flush_stored_what_was_polled_then_the_position_is() {
    var writes = every(Duration.ofHours(1));
    var poll = polled(writes, 7);

    writes.flushIfDueAndCommit(consumer);

    assertThat(changes.flushes).as("not due for an hour").isZero();
    assertThat(committed()).isNull();
    assertThat(poll.commits).isZero();
    assertThat(writes.nothingWaiting()).isFalse();

    writes.flushAllAndCommit(consumer);

    assertThat(committed())
        .as("everything polled is stored: the position, past any transaction marker")
        .isEqualTo(7);
    assertThat(writes.nothingWaiting()).isTrue();
  }

  @Test
  void a_poll_applied_after_a_flush_took_its_records_waits_for_the_next_flush() {
    var writes = every(Duration.ZERO);
    var first = polled(writes, 3);
    changes.takenAt = System.nanoTime();
    var second = polled(writes, 5);

    writes.flushIfDueAndCommit(consumer);

    assertThat(first.commits).as("stored: committed by its own offsets").isOne();
    assertThat(second.commits).as("applied after the flush took its records").isZero();
    assertThat(committed()).as("not every poll stored: no position").isNull();

    changes.takenAt = null;
    writes.flushIfDueAndCommit(consumer);

    assertThat(second.commits).isZero();
    assertThat(committed()).as("everything stored: the position").isEqualTo(5);
  }

  @Test
  void a_poll_not_stored_leaves_the_commit_where_it_was() {
    var writes = every(Duration.ofHours(1));
    polled(writes, 3);
    writes.flushAllAndCommit(consumer);
    assertThat(committed()).isEqualTo(3);

    var second = polled(writes, 5);
    writes.atOnce(true);
    changes.failing = true;
    writes.flushIfDueAndCommit(consumer);

    assertThat(second.commits).isZero();
    assertThat(committed()).isEqualTo(3);
    assertThat(writes.nothingWaiting()).isFalse();
  }

  @Test
  void while_held_for_a_switch_every_look_flushes_and_commits_everything() {
    var writes = every(Duration.ofHours(1));
    polled(writes, 9);

    writes.atOnce(true);
    writes.flushIfDueAndCommit(consumer);

    assertThat(committed()).isEqualTo(9);
    assertThat(writes.nothingWaiting()).isTrue();
  }

  @Test
  void a_flush_that_fails_commits_nothing_and_is_counted() {
    var writes = every(Duration.ZERO);
    polled(writes, 4);
    changes.failing = true;

    writes.flushIfDueAndCommit(consumer);

    assertThat(committed()).isNull();
    assertThat(meters.get("projection.write.behind.failures").counter().count()).isOne();
    assertThatThrownBy(() -> writes.flushAllAndCommit(consumer))
        .isInstanceOf(IllegalStateException.class);
    assertThat(committed()).isNull();

    changes.failing = false;
    writes.flushIfDueAndCommit(consumer);

    assertThat(committed()).isEqualTo(4);
  }

  @Test
  void
      before_a_failure_is_handled_earlier_polls_are_committed_by_their_offsets_never_the_position() {
    var writes = every(Duration.ofHours(1));
    var earlier = polled(writes, 3);
    // The next poll read up to 8, and its record at 5 failed: the position is past it.
    consumer.seek(PARTITION, 8);
    changes.applied();

    writes.flushAllBeforeFailure();

    assertThat(earlier.commits).as("stored: committed by its own offsets").isOne();
    assertThat(committed()).as("not the position, past the record that failed").isNull();
  }

  @Test
  void at_stop_what_was_left_is_stored_and_nothing_committed() {
    var writes = every(Duration.ofHours(1));
    var poll = polled(writes, 2);

    writes.stop();

    assertThat(changes.allFlushed()).isTrue();
    assertThat(poll.commits).isZero();
    assertThat(committed()).isNull();
  }

  @Test
  void polls_of_partitions_lost_are_never_committed() {
    var writes = every(Duration.ZERO);
    var poll = polled(writes, 6);

    writes.forgetUncommitted();
    writes.flushAll();

    assertThat(poll.commits).isZero();
    assertThat(committed()).isNull();
    assertThat(writes.nothingWaiting()).isTrue();
  }
}
