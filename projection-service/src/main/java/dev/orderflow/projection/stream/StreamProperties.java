package dev.orderflow.projection.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live change feed.
 *
 * @param timeout how long a subscription lasts before the server ends it (clients reconnect)
 * @param backlog most changes waiting for one subscriber; beyond it the subscriber is dropped
 */
@ConfigurationProperties("orderflow.stream")
public record StreamProperties(
    @DefaultValue("30m") Duration timeout, @DefaultValue("1000") int backlog) {}
