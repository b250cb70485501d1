package dev.orderflow.inventory.stock;

import dev.orderflow.platform.kafka.RetryLaterException;

/**
 * A sku changed under every one of a writer's compare-and-set attempts. Worth retrying: HTTP
 * clients get a 409, Kafka records are retried by the error handler.
 */
public class StockBusyException extends RetryLaterException {

  public StockBusyException(String sku, int attempts) {
    super("Stock of %s kept changing during %d attempts".formatted(sku, attempts));
  }
}
