package dev.orderflow.order.adapter.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The event store's memory ({@link MongoOrderEventStore}).
 *
 * @param placementsRemembered most placements this process remembers as written, until their reply,
 *     so that a poll of replies decides them without reading their streams; the oldest are
 *     forgotten first (their replies read), and 0 remembers none
 */
@ConfigurationProperties("orderflow.orders")
public record EventStoreProperties(@DefaultValue("4096") int placementsRemembered) {

  /** The defaults: seconds of placements at the rates measured. */
  public static final EventStoreProperties DEFAULTS = new EventStoreProperties(4096);

  public EventStoreProperties {
    if (placementsRemembered < 0) {
      throw new IllegalArgumentException(
          "orderflow.orders.placements-remembered must be >= 0: " + placementsRemembered);
    }
  }
}
