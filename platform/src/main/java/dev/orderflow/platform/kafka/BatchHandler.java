package dev.orderflow.platform.kafka;

import dev.orderflow.events.DomainEvent;
import java.util.List;

/**
 * Applies a run of a poll's records at once (one bulk write per collection, say).
 *
 * <p>The contract: when it throws {@link RecordFailedException} for the record at index {@code k},
 * every effect of the records before it in {@code records} is stored. Their offsets are committed
 * on that throw, so an effect not yet stored would be lost. Any other exception says nothing about
 * which record failed: {@link BatchConsumption} then applies the run again, one record at a time.
 */
@FunctionalInterface
public interface BatchHandler<E extends DomainEvent> {

  void apply(List<BatchRecord<E>> records);
}
