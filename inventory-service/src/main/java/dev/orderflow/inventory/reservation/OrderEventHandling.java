package dev.orderflow.inventory.reservation;

import dev.orderflow.platform.faults.Faults;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What handles an order event, from the outside in: the {@code slow-consumer} fault, then the log
 * line and the outcome counter, then the reservations themselves.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventHandling {

  @Bean
  OrderEventHandler orderEventHandler(
      StockReservations reservations, MeterRegistry meters, Faults faults) {
    return new SlowConsumer(new CountedOutcomes(reservations::on, meters), faults);
  }
}
