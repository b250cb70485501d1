package dev.orderflow.platform.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Rate limits per client: a token bucket for each client (its remote address) and each limit, so
 * one client that floods an endpoint is refused alone, and the others are served as before. A
 * controller charges its limit as the first thing it does, once Spring has read and validated the
 * request: a request refused as invalid costs its client nothing, and cannot use up anyone's
 * budget. Refusals are {@code 429} problems with {@code Retry-After}, counted in {@code
 * http_rate_limited_total{limit}}.
 *
 * <p>Behind a proxy every client has the proxy's address: set {@code
 * server.forward-headers-strategy} so that the proxy's {@code X-Forwarded-For} names the client
 * (and only where the proxy is trusted).
 */
public final class ClientLimits {

  /** Every write of the public API: orders, cancels, stock. */
  public static final String WRITES = "writes";

  /** Subscriptions to the live stream. */
  public static final String STREAM = "stream";

  /** Every request to the admin API. */
  public static final String ADMIN = "admin";

  /**
   * Requests with admin credentials that were refused: a client past it is refused before its
   * credentials are even checked, so passwords cannot be guessed faster than this.
   */
  public static final String FAILED_LOGINS = "failed-logins";

  private static final Map<String, LimitsProperties.Limit> DEFAULTS =
      Map.of(
          WRITES, new LimitsProperties.Limit(100, 200),
          STREAM, new LimitsProperties.Limit(1, 10),
          ADMIN, new LimitsProperties.Limit(10, 20),
          FAILED_LOGINS, new LimitsProperties.Limit(0.2, 10));

  private record Key(String limit, String client) {}

  private final Map<String, LimitsProperties.Limit> limits;
  private final Cache<Key, Bucket> buckets;
  private final Map<String, Counter> refused = new LinkedHashMap<>();

  public ClientLimits(LimitsProperties properties, MeterRegistry meters) {
    var configured = new LinkedHashMap<>(DEFAULTS);
    configured.putAll(properties.clients());
    this.limits = Map.copyOf(configured);
    this.buckets = Caffeine.newBuilder().maximumSize(properties.remembered()).build();
    for (var limit : limits.keySet()) {
      refused.put(limit, rateLimited(meters, limit));
    }
  }

  /**
   * Takes one request of {@code limit} from the current request's client.
   *
   * @throws RateLimitedException when the client has none left
   */
  public void charge(String limit) {
    var request =
        ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    charge(limit, request.getRemoteAddr());
  }

  /** As above, for a client known by {@code client}. */
  public void charge(String limit, String client) {
    var probe = bucket(limit, client).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      throw refused(limit, probe.getNanosToWaitForRefill());
    }
  }

  /**
   * Refuses {@code client} if it has nothing left of {@code limit}, and takes nothing: for a limit
   * charged by {@link #spend} only once the request has turned out to count (a failed login).
   *
   * @throws RateLimitedException when the client has none left
   */
  public void requireLeft(String limit, String client) {
    var estimate = bucket(limit, client).estimateAbilityToConsume(1);
    if (!estimate.canBeConsumed()) {
      throw refused(limit, estimate.getNanosToWaitForRefill());
    }
  }

  /** Takes one of {@code limit} from {@code client} if any is left; never refuses. */
  public void spend(String limit, String client) {
    bucket(limit, client).tryConsume(1);
  }

  private Bucket bucket(String limit, String client) {
    var configured = limits.get(limit);
    if (configured == null) {
      throw new IllegalArgumentException("No limit named " + limit);
    }
    return buckets.get(new Key(limit, client), key -> bucket(configured));
  }

  private RateLimitedException refused(String limit, long nanosToWait) {
    var configured = limits.get(limit);
    var counter = refused.get(limit);
    if (configured == null || counter == null) {
      throw new IllegalArgumentException("No limit named " + limit);
    }
    counter.increment();
    var wait = Duration.ofNanos(nanosToWait);
    return new RateLimitedException(
        "This client may send %s %s requests a second (%d at once); retry after %d s."
            .formatted(
                BigDecimal.valueOf(configured.perSecond()).stripTrailingZeros().toPlainString(),
                limit,
                configured.burst(),
                Math.max(1, Math.ceilDiv(wait.toMillis(), 1000))),
        wait);
  }

  private static Bucket bucket(LimitsProperties.Limit limit) {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(limit.burst())
                // One token at a time, every 1/perSecond: exact for any rate, 0.2 or 10^6.
                .refillGreedy(1, Duration.ofNanos(Math.round(1e9 / limit.perSecond())))
                .build())
        .build();
  }

  /**
   * The counter of requests {@code limit} refused, {@code http_rate_limited_total{limit}}: one
   * meter for every limit, the platform's per client and a service's own.
   */
  public static Counter rateLimited(MeterRegistry meters, String limit) {
    return Counter.builder("http.rate.limited")
        .description("Requests refused because they came faster than their limit")
        .tag("limit", limit)
        .register(meters);
  }
}
