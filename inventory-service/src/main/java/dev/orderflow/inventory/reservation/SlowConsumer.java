package dev.orderflow.inventory.reservation;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.inventory.domain.ReservationOutcome;
import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.kafka.RetryLaterException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code slow-consumer} fault (docs/faults.md): while it is on, every {@code orders.events}
 * record waits {@code delayMs} before it is handled, so the consumer falls behind the producers and
 * its lag grows; switched off, it catches up. Nothing is skipped: the records wait in Kafka.
 *
 * <p>The delay holds the listener thread, as slow processing would. A delay times the records of
 * one poll ({@code max.poll.records}, 500) beyond {@code max.poll.interval.ms} (5 min) also gets
 * the consumer thrown out of its group and its records delivered again: a second real symptom, for
 * delays above about 500 ms.
 */
final class SlowConsumer implements OrderEventHandler {

  static final String NAME = "slow-consumer";
  static final String DELAY_MS = "delayMs";

  private final OrderEventHandler handler;
  private final Fault fault;

  SlowConsumer(OrderEventHandler handler, Faults faults) {
    this.handler = handler;
    this.fault =
        faults.register(
            NAME,
            "Every orders.events record waits delayMs before inventory-service handles it:"
                + " consumer lag builds; switched off, the consumer catches up.",
            Fault.Parameter.milliseconds(DELAY_MS, 500));
  }

  @Override
  public Optional<ReservationOutcome> handle(OrderEvent event) {
    if (fault.active()) {
      holdUp(fault.parameter(DELAY_MS));
    }
    return handler.handle(event);
  }

  /** While the fault is on, nothing is taken in a batch: every record waits on its own. */
  @Override
  public Map<String, ReservationOutcome> reserveAll(List<Placed> placed) {
    return fault.active() ? Map.of() : handler.reserveAll(placed);
  }

  @Override
  public void count(OrderEvent event, ReservationOutcome outcome) {
    handler.count(event, outcome);
  }

  /** Holds the calling consumer thread, as slow processing would. */
  private static void holdUp(long delayMs) {
    try {
      Thread.sleep(delayMs);
    } catch (InterruptedException e) {
      // The container is stopping: leave the record for the next consumer, unhandled.
      Thread.currentThread().interrupt();
      throw new RetryLaterException("Interrupted while slowed down by " + NAME, e);
    }
  }
}
