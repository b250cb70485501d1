package dev.orderflow.projection.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live change feed.
 *
 * @param timeout how long a subscription lasts before the server ends it (clients reconnect)
 * @param backlog most live changes waiting for one subscriber; beyond it the subscriber is dropped
 * @param replay how many recent changes are kept for clients that reconnect with {@code
 *     Last-Event-ID}; at start, the instance reads that many from the end of the changes topic
 * @param heartbeat how often an idle connection gets a comment, so proxies and clients can tell a
 *     quiet stream from a dead one
 * @param maxSubscribers how many subscriptions this instance holds at once; the one beyond is
 *     refused with {@code 429} {@code stream-full} and {@code Retry-After}
 * @param maxSubscribersPerClient how many of them one client (remote address) holds at once; the
 *     one beyond is refused with {@code 429} and {@code Retry-After}, so that one client alone
 *     cannot fill the stream
 * @param topic the changes topic: every instance announces the changes it applies there, and reads
 *     all of them from there; a change's SSE id is its offset
 * @param retention how long the changes topic keeps a change (a notification feed, not a store)
 * @param resumeWait how long a client resuming with an id this instance has not read yet (another
 *     instance read it a moment earlier) waits for it before it is told to reset
 */
@ConfigurationProperties("orderflow.stream")
public record StreamProperties(
    @DefaultValue("10m") Duration timeout,
    @DefaultValue("1000") int backlog,
    @DefaultValue("1000") int replay,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("100") int maxSubscribers,
    @DefaultValue("10") int maxSubscribersPerClient,
    @DefaultValue("projections.changes") String topic,
    @DefaultValue("1h") Duration retention,
    @DefaultValue("2s") Duration resumeWait) {}
