package dev.orderflow.platform.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Topics and consumer error handling.
 *
 * @param partitions partitions of every event topic and its dead-letter topic (the DLT needs at
 *     least as many: a dead letter keeps its partition)
 * @param replicationFactor replicas of each partition; 1 on a single broker
 * @param minInsyncReplicas replicas that must have a record before the broker acknowledges it
 * @param retry how a failed record is retried before it goes to the dead-letter topic
 * @param instanceId this instance's stable name among the instances of its service, one that
 *     survives a restart and differs between instances (a StatefulSet ordinal, devstack's instance
 *     number; not a pod's host name, which changes at each rollout): with one, the consumers use
 *     static group membership: they leave the group when the instance stops (a graceful restart
 *     rebalances twice, as dynamic members do), and an instance killed outright that is back within
 *     the session timeout takes its partitions back without a rebalance; empty (the default) for
 *     dynamic membership
 */
@ConfigurationProperties("orderflow.kafka")
public record KafkaPlatformProperties(
    @DefaultValue("3") int partitions,
    @DefaultValue("1") short replicationFactor,
    @DefaultValue("1") int minInsyncReplicas,
    @DefaultValue Retry retry,
    @DefaultValue("") String instanceId) {

  /**
   * Exponential back-off between attempts ({@link RetryPolicy}): at most {@code attempts} retries
   * after the first failure; contention retried for up to {@code contentionLimit}; a dependency
   * away (a database, the broker, SMTP) waited for as long as it takes, the interval capped at ten
   * times {@code maxInterval}.
   */
  public record Retry(
      @DefaultValue("4") int attempts,
      @DefaultValue("200ms") Duration initialInterval,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("2s") Duration maxInterval,
      @DefaultValue("2m") Duration contentionLimit) {}
}
