package dev.orderflow.inventory.reservation;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import dev.orderflow.platform.kafka.RetryLaterException;
import org.springframework.stereotype.Component;

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
@Component
class SlowConsumer {

  static final String NAME = "slow-consumer";
  static final String DELAY_MS = "delayMs";

  private final Fault fault;

  SlowConsumer(Faults faults) {
    this.fault =
        faults.register(
            NAME,
            "Every orders.events record waits delayMs before inventory-service handles it:"
                + " consumer lag builds; switched off, the consumer catches up.",
            Fault.Parameter.milliseconds(DELAY_MS, 500));
  }

  /** Holds the calling consumer thread for {@code delayMs} while the fault is on. */
  void holdUp() {
    if (!fault.active()) {
      return;
    }
    try {
      Thread.sleep(fault.parameter(DELAY_MS));
    } catch (InterruptedException e) {
      // The container is stopping: leave the record for the next consumer, unhandled.
      Thread.currentThread().interrupt();
      throw new RetryLaterException("Interrupted while slowed down by " + NAME, e);
    }
  }
}
