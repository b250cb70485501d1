package dev.orderflow.projection.intake;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.kafka.BatchConsumption;
import dev.orderflow.platform.kafka.BatchRecord;
import dev.orderflow.platform.kafka.DependencyUnavailableException;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.generation.LiveProjections;
import dev.orderflow.projection.stream.ChangeAnnouncer;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.AbstractConsumerSeekAware;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * The live intake: feeds every record, with its position, to the live generation of the
 * projections. One listener for all three topics, because one consumer group can only have one
 * listener per topic: the reservation outcomes and the stock levels share {@code inventory.events}.
 * Its container has an id so a rebuild can pause it for the moment of the switch; the consumer
 * group stays the service's own ({@code projection-service}) for the life of the service, whatever
 * generation it writes.
 *
 * <p>It takes each poll as one batch (issue 19): the order views of the whole poll are read in one
 * command ({@link LiveProjections#applyAll}) instead of one per record, and stored later, many
 * polls in one command per kind of write. {@link BatchConsumption} keeps a record listener's error
 * semantics: a record that cannot be read fails as itself after the ones before it are applied, and
 * when the bulk path fails it applies the poll again one record at a time ({@link
 * LiveProjections#apply}, idempotent like every projection here), so a failure is retried and
 * dead-lettered as that one record's.
 *
 * <p>A poll ends when its changes are on the changes topic ({@link ChangeAnnouncer#awaitSent}), so
 * its offsets are committed only after that: a change is announced at least once while the topic
 * takes writes. That wait is at most a short deadline, so a topic that does not take them never
 * holds the listener long (best effort then: the announcer pauses and counts what it drops).
 *
 * <p>The order views are written behind ({@link WrittenBehind}): a poll's offsets are committed
 * once what it changed is stored, at the end of a later poll or when the container is idle. The
 * error handler commits the records before one that failed (and the failed one, once
 * dead-lettered), which covers the earlier polls of their partitions, so everything is stored
 * first; if that fails, the poll's first record fails instead, as MongoDB being away, and nothing
 * is committed.
 */
@Component
class ProjectionListener extends AbstractConsumerSeekAware {

  static final String ID = "projection-intake";

  private final LiveProjections projections;
  private final BatchConsumption batches;
  private final ChangeAnnouncer announcer;
  private final WrittenBehind writes;

  ProjectionListener(
      LiveProjections projections,
      BatchConsumption batches,
      ChangeAnnouncer announcer,
      WrittenBehind writes) {
    this.projections = projections;
    this.batches = batches;
    this.announcer = announcer;
    this.writes = writes;
  }

  /** The partitions assigned to this instance's live consumers. */
  Set<TopicPartition> assigned() {
    return Set.copyOf(getTopicsAndCallbacks().keySet());
  }

  /**
   * Moves {@code partition} to {@code offset}: done on its consumer's thread before that consumer's
   * next poll (a seek a rebuild's switch needs, {@link LiveIntake#release}).
   */
  void seek(TopicPartition partition, long offset) {
    var callbacks = getSeekCallbacksFor(partition);
    if (callbacks != null) {
      callbacks.forEach(
          callback -> callback.seek(partition.topic(), partition.partition(), offset));
    }
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      batch = "true",
      topics = {
        Topics.Names.ORDER_EVENTS,
        Topics.Names.INVENTORY_EVENTS,
        Topics.Names.NOTIFICATION_EVENTS
      })
  void on(
      List<ConsumerRecord<String, Object>> records,
      Acknowledgment acknowledgment,
      Consumer<?, ?> consumer) {
    try {
      batches.consume(
          records,
          DomainEvent.class,
          batch ->
              projections.applyAll(batch.stream().map(ProjectionListener::positioned).toList()),
          record -> projections.apply(positioned(record)));
    } catch (BatchListenerFailedException failed) {
      throw storedBeforeCommitted(failed, records);
    } finally {
      announcer.awaitSent();
    }
    writes.applied(acknowledgment);
    writes.flushIfDueAndCommit(consumer);
  }

  /**
   * When polls bring nothing (published on the idle consumer's thread, paused or not): what waits
   * is flushed when due, and committed.
   */
  @EventListener
  void idle(ListenerContainerIdleEvent idle) {
    if (idle.getListenerId().startsWith(ID)) {
      writes.flushIfDueAndCommit(idle.getConsumer());
    }
  }

  /**
   * What the error handler is given once everything applied is stored: {@code failed}, or if it
   * could not be stored, the poll's first record failing as MongoDB being away, so that nothing is
   * committed and the poll comes again.
   */
  private BatchListenerFailedException storedBeforeCommitted(
      BatchListenerFailedException failed, List<ConsumerRecord<String, Object>> records) {
    try {
      writes.flushAllBeforeFailure();
      return failed;
    } catch (RuntimeException e) {
      var first = records.getFirst();
      return new BatchListenerFailedException(
          first.topic() + "-" + first.partition() + "@" + first.offset() + " failed",
          new DependencyUnavailableException(
              "Could not store the order views written behind before " + failed.getMessage(), e),
          first);
    }
  }

  /** The record's event, with its position and the trace its {@code traceparent} names. */
  static PositionedEvent positioned(BatchRecord<DomainEvent> record) {
    var raw = record.raw();
    return new PositionedEvent(
        record.event(),
        new RecordPosition(raw.topic(), raw.partition(), raw.offset()),
        RecordTrace.idOf(raw.headers()));
  }
}
