package dev.orderflow.platform.faults;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the faults of a service reach all its instances ({@link ServiceWideFaults}).
 *
 * @param pollInterval how often an instance reads the service-wide state
 * @param heartbeatInterval how often an instance says it is alive when nothing changed
 * @param aliveWithin an instance last heard of longer ago than this is not waited for
 * @param waitAtMost how long a switch waits for the live instances to apply it
 */
@ConfigurationProperties("orderflow.faults")
public record FaultSharingProperties(
    @DefaultValue("250ms") Duration pollInterval,
    @DefaultValue("2s") Duration heartbeatInterval,
    @DefaultValue("6s") Duration aliveWithin,
    @DefaultValue("1s") Duration waitAtMost) {}
