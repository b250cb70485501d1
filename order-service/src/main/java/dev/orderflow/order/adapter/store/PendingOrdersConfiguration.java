package dev.orderflow.order.adapter.store;

import dev.orderflow.order.application.DeferredRemovals;
import dev.orderflow.order.application.SagaDeadlineProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The saga deadline's reminders in MongoDB ({@link MongoPendingOrders}), their removals written
 * together every {@code orderflow.orders.reminder-removal-interval} ({@link DeferredRemovals}), and
 * the relay's marks of placements published waiting for those removals ({@link PlacementMarks}).
 * Flushes that failed count in {@code orders_saga_reminder_removal_failures_total} and {@code
 * orders_placement_mark_failures_total}, removals and marks given up over {@code
 * reminder-removal-capacity} in {@code orders_saga_reminder_removals_dropped_total} and {@code
 * orders_placement_marks_dropped_total}.
 */
@Configuration(proxyBeanMethods = false)
class PendingOrdersConfiguration {

  @Bean(destroyMethod = "close")
  DeferredRemovals pendingOrders(
      MongoTemplate mongo,
      PlacementMarks placementMarks,
      SagaDeadlineProperties properties,
      MeterRegistry registry) {
    var failures =
        Counter.builder("orders.saga.reminder.removal.failures")
            .description("Writes of deadline reminders' removals that failed (tried again later)")
            .register(registry);
    var dropped =
        Counter.builder("orders.saga.reminder.removals.dropped")
            .description(
                "Removals of deadline reminders given up because too many waited; the sweep"
                    + " drops those reminders when it finds their orders decided")
            .register(registry);
    return new DeferredRemovals(
        new MongoPendingOrders(mongo, placementMarks),
        properties.reminderRemovalInterval(),
        properties.reminderRemovalCapacity(),
        failures::increment,
        dropped::increment);
  }

  /**
   * Closed after the removals (which take marks from it) and after the relay's last marks, so what
   * waits still goes to the store.
   */
  @Bean(destroyMethod = "close")
  PlacementMarks placementMarks(
      MongoTemplate mongo, SagaDeadlineProperties properties, MeterRegistry registry) {
    var failures =
        Counter.builder("orders.placement.mark.failures")
            .description("Writes of placements' marks as published that failed (tried again later)")
            .register(registry);
    var dropped =
        Counter.builder("orders.placement.marks.dropped")
            .description(
                "Marks of placements as published given up because too many waited; a sweep"
                    + " publishes those placements again")
            .register(registry);
    return new PlacementMarks(
        mongo.getCollection(MongoOrderEventStore.COMMITS),
        properties.reminderRemovalInterval(),
        properties.reminderRemovalCapacity(),
        failures::increment,
        dropped::increment);
  }
}
