package dev.orderflow.projection.intake;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Topics;
import dev.orderflow.platform.kafka.BatchConsumption;
import dev.orderflow.platform.kafka.BatchRecord;
import dev.orderflow.projection.domain.PositionedEvent;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.generation.LiveProjections;
import dev.orderflow.projection.stream.ChangeAnnouncer;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.AbstractConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * The live intake: feeds every record, with its position, to the live generation of the
 * projections. One listener for all three topics, because one consumer group can only have one
 * listener per topic: the reservation outcomes and the stock levels share {@code inventory.events}.
 * Its container has an id so a rebuild can pause it for the moment of the switch; the consumer
 * group stays the service's own ({@code projection-service}) for the life of the service, whatever
 * generation it writes.
 *
 * <p>It takes each poll as one batch (issue 19): the order views of the whole poll are read and
 * written in one command each ({@link LiveProjections#applyAll}) instead of one or two per record.
 * {@link BatchConsumption} keeps a record listener's error semantics: a record that cannot be read
 * fails as itself after the ones before it are applied, and when the bulk path fails it applies the
 * poll again one record at a time ({@link LiveProjections#apply}, idempotent like every projection
 * here), so a failure is retried and dead-lettered as that one record's.
 *
 * <p>A poll ends when its changes are on the changes topic ({@link ChangeAnnouncer#awaitSent}), so
 * its offsets are committed only after that: a change is announced at least once while the topic
 * takes writes. That wait is at most a short deadline, so a topic that does not take them never
 * holds the listener long (best effort then: the announcer pauses and counts what it drops).
 */
@Component
class ProjectionListener extends AbstractConsumerSeekAware {

  static final String ID = "projection-intake";

  private final LiveProjections projections;
  private final BatchConsumption batches;
  private final ChangeAnnouncer announcer;

  ProjectionListener(
      LiveProjections projections, BatchConsumption batches, ChangeAnnouncer announcer) {
    this.projections = projections;
    this.batches = batches;
    this.announcer = announcer;
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
  void on(List<ConsumerRecord<String, Object>> records) {
    try {
      batches.consume(
          records,
          DomainEvent.class,
          batch ->
              projections.applyAll(batch.stream().map(ProjectionListener::positioned).toList()),
          record -> projections.apply(positioned(record)));
    } finally {
      announcer.awaitSent();
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
