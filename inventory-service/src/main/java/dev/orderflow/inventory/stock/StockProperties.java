package dev.orderflow.inventory.stock;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the stock's markers of final reservations are removed ({@link Stock.Clearing}).
 *
 * @param markerClearingInterval how long a batch's markers wait for the next batch's write of their
 *     sku, which removes them with its own, before one write removes those left together; the
 *     relay's marks of levels published wait with them; zero removes every batch's at once, with a
 *     write of its own, and the relay marks levels at once
 * @param markerClearingCapacity most skus with markers waiting; beyond that the oldest are left in
 *     their documents, where they move no units and decide nothing
 */
@ConfigurationProperties("orderflow.inventory")
public record StockProperties(
    @DefaultValue("1s") Duration markerClearingInterval,
    @DefaultValue("10000") int markerClearingCapacity) {}
