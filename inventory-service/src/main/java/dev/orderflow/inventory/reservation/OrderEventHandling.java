package dev.orderflow.inventory.reservation;

import dev.orderflow.events.OrderEvent;
import dev.orderflow.inventory.domain.ReservationCommand.Release;
import dev.orderflow.inventory.domain.ReservationCommand.Reserve;
import dev.orderflow.inventory.domain.ReservationOutcome;
import dev.orderflow.inventory.domain.UnreservableOrderException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What handles an order event, from the outside in: the log line and the outcome counter, then the
 * reservations themselves. The {@code slow-consumer} fault ({@link SlowConsumer}) is around the
 * listener's polls instead, since it pauses their partitions.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventHandling {

  @Bean
  OrderEventHandler orderEventHandler(
      StockReservations reservations,
      BatchReservations batches,
      BatchReleases releases,
      MeterRegistry meters) {
    return new CountedOutcomes(core(reservations, batches, releases), meters);
  }

  /**
   * The reservations themselves: one event at a time, or first deliveries of placed orders at once,
   * or releases at once. An order whose lines no retry can reserve is not taken in a batch: on its
   * own, it fails as itself.
   */
  static OrderEventHandler core(
      StockReservations reservations, BatchReservations batches, BatchReleases releases) {
    return new OrderEventHandler() {
      @Override
      public Optional<ReservationOutcome> handle(OrderEvent event) {
        return reservations.on(event);
      }

      @Override
      public Map<String, ReservationOutcome> reserveAll(List<Placed> placed) {
        var commands = new ArrayList<Reserve>(placed.size());
        var traces = new HashMap<String, String>();
        for (var order : placed) {
          try {
            commands.add(reservations.command(order.event()));
          } catch (UnreservableOrderException e) {
            // Left for the per-record path, which dead-letters it.
            continue;
          }
          if (order.traceparent() != null) {
            traces.put(order.event().orderId(), order.traceparent());
          }
        }
        return batches.reserveAll(commands, traces);
      }

      @Override
      public Map<String, ReservationOutcome> releaseAll(List<Releasing> releasing) {
        var commands = new ArrayList<Release>(releasing.size());
        var traces = new HashMap<String, String>();
        for (var order : releasing) {
          commands.add(reservations.releaseCommand(order.event().orderId()));
          if (order.traceparent() != null) {
            traces.put(order.event().orderId(), order.traceparent());
          }
        }
        return releases.releaseAll(commands, traces);
      }
    };
  }
}
