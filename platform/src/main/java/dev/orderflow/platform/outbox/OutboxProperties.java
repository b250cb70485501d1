package dev.orderflow.platform.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the {@link OutboxRelay}.
 *
 * @param batchSize most messages sent before waiting for Kafka's acknowledgements
 * @param sweepInterval how often the leader looks for messages that were stored but never handed to
 *     a relay (a crash between write and hand-off, or a write made by another instance)
 * @param sweepGrace how old a stored message must be before a sweep takes it, so that the sweep
 *     does not race the hand-off of a write that just happened
 * @param lease how long the relay lease lasts without renewal; another instance takes over after
 *     that
 * @param capacity most handed-off messages kept in memory; beyond it the next sweep picks them up
 */
@ConfigurationProperties("orderflow.outbox")
public record OutboxProperties(
    @DefaultValue("500") int batchSize,
    @DefaultValue("5s") Duration sweepInterval,
    @DefaultValue("2s") Duration sweepGrace,
    @DefaultValue("10s") Duration lease,
    @DefaultValue("100000") int capacity) {}
