package dev.orderflow.projection.rebuild;

import dev.orderflow.events.DomainEvent;
import dev.orderflow.platform.kafka.DeadLettered;
import dev.orderflow.projection.generation.ProjectionName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A read model that missed an event is rebuilt, not left behind. When the live intake sends an
 * event it could read to the dead-letter topic (it kept failing past its retries: a view that could
 * not be updated, a bug), the live generation of every projection that shows that event lacks it
 * for good, and queries would serve the gap for ever. So a rebuild of that projection starts: it
 * replays the topics, the dead-lettered record included, into a new generation and switches to it.
 * A rebuild already running covers the record too (it catches up to what the live listener
 * committed, which is past the record). A value that could not be read was never an event, and
 * leaves the read models as they are.
 */
@Component
class MissedRecords {

  private static final Logger log = LoggerFactory.getLogger(MissedRecords.class);

  private final Rebuilds rebuilds;

  MissedRecords(Rebuilds rebuilds) {
    this.rebuilds = rebuilds;
  }

  @EventListener
  void rebuildWhatMissed(DeadLettered deadLettered) {
    if (!(deadLettered.value() instanceof DomainEvent event)) {
      return;
    }
    for (var name : ProjectionName.values()) {
      if (!name.handles(event)) {
        continue;
      }
      try {
        var status = rebuilds.start(name);
        log.warn(
            "{} {}-{}@{} went to the dead-letter topic ({}); rebuilding {} into generation {} so"
                + " that it is not left without it",
            event.type(),
            deadLettered.topic(),
            deadLettered.partition(),
            deadLettered.offset(),
            deadLettered.cause(),
            name.id(),
            status.rebuildingGeneration());
      } catch (RebuildInProgressException e) {
        log.warn(
            "{} {}-{}@{} went to the dead-letter topic; the rebuild of {} under way replays it",
            event.type(),
            deadLettered.topic(),
            deadLettered.partition(),
            deadLettered.offset(),
            name.id());
      } catch (RuntimeException e) {
        log.error(
            "{} {}-{}@{} went to the dead-letter topic and the rebuild of {} could not start;"
                + " start it by hand (POST /api/admin/projections/{}/rebuild)",
            event.type(),
            deadLettered.topic(),
            deadLettered.partition(),
            deadLettered.offset(),
            name.id(),
            name.id(),
            e);
      }
    }
  }
}
