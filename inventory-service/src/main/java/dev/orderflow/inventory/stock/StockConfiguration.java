package dev.orderflow.inventory.stock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The stock in MongoDB ({@link Stock}), its markers of final reservations removed with the next
 * write of their sku or together every {@code orderflow.inventory.marker-clearing-interval}, and
 * the relay's marks of its levels published with them. Removals together that failed count in
 * {@code inventory_stock_marker_clearing_failures_total}, skus whose markers were left over {@code
 * marker-clearing-capacity} in {@code inventory_stock_markers_left_total}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StockProperties.class)
class StockConfiguration {

  @Bean(destroyMethod = "close")
  Stock stock(
      MongoTemplate mongo,
      StockLevelOutbox outbox,
      Clock clock,
      StockProperties properties,
      MeterRegistry registry) {
    var failures =
        Counter.builder("inventory.stock.marker.clearing.failures")
            .description("Removals together of stock markers that failed (tried again later)")
            .register(registry);
    var left =
        Counter.builder("inventory.stock.markers.left")
            .description(
                "Skus whose stock markers of final reservations were left in place because too"
                    + " many waited to be removed; they move no units and decide nothing")
            .register(registry);
    return new Stock(
        mongo,
        outbox,
        clock,
        new Stock.Clearing(
            properties.markerClearingInterval(),
            properties.markerClearingCapacity(),
            failures::increment,
            left::increment));
  }
}
