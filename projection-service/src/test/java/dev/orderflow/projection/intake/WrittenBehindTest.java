package dev.orderflow.projection.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

/**
 * {@link WrittenBehind}: a poll's offsets are committed only once a flush that took its records
 * stored them, and never past a flush that failed.
 */
class WrittenBehindTest {

  /** The read side: what was applied since the last flush, and whether a flush fails. */
  static final class Changes implements WrittenBehind.Flushes {
    OptionalLong since = OptionalLong.empty();
    boolean failing;
    int flushes;

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

  final Changes changes = new Changes();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  WrittenBehind every(Duration interval) {
    return new WrittenBehind(changes, interval, meters);
  }

  @Test
  void a_poll_is_committed_once_a_flush_stored_what_it_applied_not_before() {
    var writes = every(Duration.ofHours(1));
    var poll = new Poll();
    changes.applied();
    writes.applied(poll);

    writes.flushIfDueAndCommit();

    assertThat(changes.flushes).as("not due for an hour").isZero();
    assertThat(poll.commits).isZero();
    assertThat(writes.nothingWaiting()).isFalse();

    writes.flushAllAndCommit();

    assertThat(poll.commits).isOne();
    assertThat(writes.nothingWaiting()).isTrue();
  }

  @Test
  void a_poll_applied_after_a_flush_took_its_records_waits_for_the_next_flush() {
    var writes = every(Duration.ZERO);
    var first = new Poll();
    changes.applied();
    writes.applied(first);
    writes.flushIfDueAndCommit();
    var second = new Poll();
    changes.applied();
    writes.applied(second);

    assertThat(first.commits).isOne();
    assertThat(second.commits).isZero();

    writes.flushIfDueAndCommit();

    assertThat(second.commits).as("due at once with an interval of zero").isOne();
    assertThat(first.commits).isOne();
  }

  @Test
  void while_held_for_a_switch_every_look_flushes_and_commits_everything() {
    var writes = every(Duration.ofHours(1));
    var poll = new Poll();
    changes.applied();
    writes.applied(poll);

    writes.atOnce(true);
    writes.flushIfDueAndCommit();

    assertThat(poll.commits).isOne();
    assertThat(writes.nothingWaiting()).isTrue();
  }

  @Test
  void a_flush_that_fails_commits_nothing_and_is_counted() {
    var writes = every(Duration.ZERO);
    var poll = new Poll();
    changes.applied();
    writes.applied(poll);
    changes.failing = true;

    writes.flushIfDueAndCommit();

    assertThat(poll.commits).isZero();
    assertThat(meters.get("projection.write.behind.failures").counter().count()).isOne();
    assertThatThrownBy(writes::flushAllAndCommit).isInstanceOf(IllegalStateException.class);
    assertThat(poll.commits).isZero();

    changes.failing = false;
    writes.flushIfDueAndCommit();

    assertThat(poll.commits).isOne();
  }

  @Test
  void polls_of_partitions_lost_are_never_committed() {
    var writes = every(Duration.ZERO);
    var poll = new Poll();
    changes.applied();
    writes.applied(poll);

    writes.forgetUncommitted();
    writes.flushAllAndCommit();

    assertThat(poll.commits).isZero();
    assertThat(writes.nothingWaiting()).isTrue();
  }
}
