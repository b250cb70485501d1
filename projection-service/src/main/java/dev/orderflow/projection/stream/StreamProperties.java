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
 *     Last-Event-ID}
 * @param heartbeat how often an idle connection gets a comment, so proxies and clients can tell a
 *     quiet stream from a dead one
 * @param maxSubscribers how many subscriptions this instance holds at once; the one beyond is
 *     refused with {@code 429} {@code stream-full} and {@code Retry-After}
 * @param maxSubscribersPerClient how many of them one client (remote address) holds at once; the
 *     one beyond is refused with {@code 429} and {@code Retry-After}, so that one client alone
 *     cannot fill the stream
 */
@ConfigurationProperties("orderflow.stream")
public record StreamProperties(
    @DefaultValue("10m") Duration timeout,
    @DefaultValue("1000") int backlog,
    @DefaultValue("1000") int replay,
    @DefaultValue("15s") Duration heartbeat,
    @DefaultValue("100") int maxSubscribers,
    @DefaultValue("10") int maxSubscribersPerClient) {}
