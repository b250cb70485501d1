package dev.orderflow.projection.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.projection.intake.AppliedPolls.Changes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@link WrittenBehind}: a poll's offsets are committed only once a flush that took its records
 * stored them, and never past a flush that failed; once everything polled is stored, the consumer's
 * positions are.
 */
class WrittenBehindTest {

  final AppliedPolls polls = new AppliedPolls();
  final Changes changes = polls.changes;
  final MockConsumer<String, Object> consumer = polls.consumer;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  WrittenBehind every(Duration interval) {
    changes.interval = interval;
    return new WrittenBehind(changes, meters);
  }

  @Test
  void nothing_is_committed_before_a_flush_stored_what_was_polled_then_the_position_is() {
    var writes = every(Duration.ofHours(1));
    var poll = polls.polled(writes, 7);

    writes.flushIfDueAndCommit(consumer);

    assertThat(changes.flushes).as("not due for an hour").isZero();
    assertThat(polls.committed()).isNull();
    assertThat(poll.commits).isZero();
    assertThat(writes.nothingWaiting()).isFalse();

    writes.flushAllAndCommit(consumer);

    assertThat(polls.committed())
        .as("everything polled is stored: the position, past any transaction marker")
        .isEqualTo(7);
    assertThat(writes.nothingWaiting()).isTrue();
  }

  @Test
  void a_poll_applied_after_a_flush_took_its_records_waits_for_the_next_flush() {
    var writes = every(Duration.ZERO);
    var first = polls.polled(writes, 3);
    changes.takenAt = System.nanoTime();
    var second = polls.polled(writes, 5);

    writes.flushIfDueAndCommit(consumer);

    assertThat(first.commits).as("stored: committed by its own offsets").isOne();
    assertThat(second.commits).as("applied after the flush took its records").isZero();
    assertThat(polls.committed()).as("not every poll stored: no position").isNull();

    changes.takenAt = null;
    writes.flushIfDueAndCommit(consumer);

    assertThat(second.commits).isZero();
    assertThat(polls.committed()).as("everything stored: the position").isEqualTo(5);
  }

  @Test
  void a_due_flush_that_held_records_commits_the_polls_before_them_and_a_switch_stores_all() {
    var writes = every(Duration.ZERO);
    var first = polls.polled(writes, 3);
    changes.heldFrom = System.nanoTime();
    var second = polls.polled(writes, 5);

    writes.flushIfDueAndCommit(consumer);

    assertThat(changes.dueFlushesHolding).isOne();
    assertThat(changes.flushes).as("not everything").isZero();
    assertThat(first.commits).as("stored before what was held").isOne();
    assertThat(second.commits).as("holds a record not stored").isZero();
    assertThat(polls.committed()).as("not every poll stored: no position").isNull();
    assertThat(writes.nothingWaiting()).isFalse();

    writes.atOnce(true);
    writes.flushIfDueAndCommit(consumer);

    assertThat(changes.flushes).as("held for a switch: everything stored").isOne();
    assertThat(polls.committed()).isEqualTo(5);
    assertThat(writes.nothingWaiting()).isTrue();
  }

  @Test
  void a_poll_not_stored_leaves_the_commit_where_it_was() {
    var writes = every(Duration.ofHours(1));
    polls.polled(writes, 3);
    writes.flushAllAndCommit(consumer);
    assertThat(polls.committed()).isEqualTo(3);

    var second = polls.polled(writes, 5);
    writes.atOnce(true);
    changes.failing = true;
    writes.flushIfDueAndCommit(consumer);

    assertThat(second.commits).isZero();
    assertThat(polls.committed()).isEqualTo(3);
    assertThat(writes.nothingWaiting()).isFalse();
  }

  @Test
  void while_held_for_a_switch_every_look_flushes_and_commits_everything() {
    var writes = every(Duration.ofHours(1));
    polls.polled(writes, 9);

    writes.atOnce(true);
    writes.flushIfDueAndCommit(consumer);

    assertThat(polls.committed()).isEqualTo(9);
    assertThat(writes.nothingWaiting()).isTrue();
  }

  @Test
  void a_flush_that_fails_commits_nothing_and_is_counted() {
    var writes = every(Duration.ZERO);
    polls.polled(writes, 4);
    changes.failing = true;

    writes.flushIfDueAndCommit(consumer);

    assertThat(polls.committed()).isNull();
    assertThat(meters.get("projection.write.behind.failures").counter().count()).isOne();
    assertThatThrownBy(() -> writes.flushAllAndCommit(consumer))
        .isInstanceOf(IllegalStateException.class);
    assertThat(polls.committed()).isNull();

    changes.failing = false;
    writes.flushIfDueAndCommit(consumer);

    assertThat(polls.committed()).isEqualTo(4);
  }

  @Test
  void
      before_a_failure_is_handled_earlier_polls_are_committed_by_their_offsets_never_the_position() {
    var writes = every(Duration.ofHours(1));
    var earlier = polls.polled(writes, 3);
    // The next poll read up to 8, and its record at 5 failed: the position is past it.
    consumer.seek(AppliedPolls.PARTITION, 8);
    changes.applied();

    writes.flushAllBeforeFailure();

    assertThat(earlier.commits).as("stored: committed by its own offsets").isOne();
    assertThat(polls.committed()).as("not the position, past the record that failed").isNull();
  }

  @Test
  void at_stop_what_was_left_is_stored_and_nothing_committed() {
    var writes = every(Duration.ofHours(1));
    var poll = polls.polled(writes, 2);

    writes.stop();

    assertThat(changes.allFlushed()).isTrue();
    assertThat(poll.commits).isZero();
    assertThat(polls.committed()).isNull();
  }

  @Test
  void polls_of_partitions_lost_are_never_committed() {
    var writes = every(Duration.ZERO);
    var poll = polls.polled(writes, 6);

    writes.forgetUncommitted();
    writes.flushAll();

    assertThat(poll.commits).isZero();
    assertThat(polls.committed()).isNull();
    assertThat(writes.nothingWaiting()).isTrue();
  }
}
