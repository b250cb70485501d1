package dev.orderflow.projection.intake;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/**
 * The {@code stall} fault: the live listener pauses, so the read side freezes while the write side
 * carries on, and lag grows until the fault is switched off and the listener catches up. A paused
 * consumer keeps polling (without records) and so keeps its partitions: nothing rebalances.
 */
@Component
public class Stall {

  private final Fault fault;

  Stall(Faults faults, KafkaListenerEndpointRegistry registry) {
    this.fault =
        faults.register(
            "stall",
            "The projections stop applying events: queries keep answering, but from a read side"
                + " that no longer moves; projection lag and records behind grow. Switched off, it"
                + " catches up.");
    fault.onSwitch(on -> {
      var listener = registry.getListenerContainer(ProjectionListener.ID);
      if (listener != null) {
        if (on) {
          listener.pause();
        } else {
          listener.resume();
        }
      }
    });
  }

  public boolean active() {
    return fault.active();
  }
}
