package dev.orderflow.projection.intake;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.events.Topics;
import dev.orderflow.projection.domain.RecordPosition;
import dev.orderflow.projection.generation.LiveProjections;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The live intake: feeds every record, with its position, to the live generation of the
 * projections. One listener for all three topics, because one consumer group can only have one
 * listener per topic: the reservation outcomes and the stock levels share {@code inventory.events}.
 * Its container has an id so a rebuild can pause it for the moment of the switch; the consumer
 * group stays the service's own ({@code projection-service}) for the life of the service, whatever
 * generation it writes.
 */
@Component
class ProjectionListener {

  static final String ID = "projection-intake";

  private final LiveProjections projections;

  ProjectionListener(LiveProjections projections) {
    this.projections = projections;
  }

  @KafkaListener(
      id = ID,
      idIsGroup = false,
      topics = {
        Topics.Names.ORDER_EVENTS,
        Topics.Names.INVENTORY_EVENTS,
        Topics.Names.NOTIFICATION_EVENTS
      })
  void on(ConsumerRecord<String, DomainEvent> record) {
    projections.apply(
        record.value(), new RecordPosition(record.topic(), record.partition(), record.offset()));
  }
}
