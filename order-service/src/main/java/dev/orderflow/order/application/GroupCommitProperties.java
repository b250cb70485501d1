package dev.orderflow.order.application;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The group commit of placements ({@link GroupCommit}).
 *
 * @param maxGroup most placements written together
 * @param linger how long the flusher waits for more placements once it has one, at most: what a
 *     lone placement pays for the sharing
 * @param capacity most placements waiting for their write; one more is refused as an overload
 */
@ConfigurationProperties("orderflow.orders.group-commit")
public record GroupCommitProperties(
    @DefaultValue("256") int maxGroup,
    @DefaultValue("1ms") Duration linger,
    @DefaultValue("1024") int capacity) {}
