package dev.orderflow.order.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The saga's deadline (ADR 9).
 *
 * @param sagaDeadline how long after being placed an order may stay pending; then it is rejected
 *     with reason {@code timeout}
 * @param deadlineSweepInterval how often overdue orders are looked for, so an order is rejected
 *     between {@code sagaDeadline} and {@code sagaDeadline + deadlineSweepInterval} after it was
 *     placed
 * @param deadlineSweepBatchSize most orders rejected by one sweep; the next sweep takes the rest
 * @param reminderRemovalInterval how long the reminders of decided orders wait to be removed
 *     together ({@link DeferredRemovals}); the relay's marks of placements published wait one to
 *     two of these for their orders' removals, to be written with them; zero removes each batch's
 *     at once and holds no marks
 * @param reminderRemovalCapacity most removals waiting, and most marks; beyond that the oldest are
 *     left to the sweeps
 */
@ConfigurationProperties("orderflow.orders")
public record SagaDeadlineProperties(
    @DefaultValue("30s") Duration sagaDeadline,
    @DefaultValue("1s") Duration deadlineSweepInterval,
    @DefaultValue("500") int deadlineSweepBatchSize,
    @DefaultValue("500ms") Duration reminderRemovalInterval,
    @DefaultValue("10000") int reminderRemovalCapacity) {}
