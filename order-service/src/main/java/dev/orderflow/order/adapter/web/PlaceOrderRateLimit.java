package dev.orderflow.order.adapter.web;

import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.RateLimitedException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Admission control for {@code POST /api/orders}: the resilience4j rate limiter {@value #LIMITER}
 * ({@code resilience4j.ratelimiter.instances.place-order.*}) admits so many orders per period for
 * the whole service, and an order beyond that is refused with {@code 429} and a {@code
 * Retry-After}. Every order admitted costs a write here and work in every other service, and one
 * pending longer than the saga's deadline is rejected anyway, so refusing early is kinder than
 * accepting what cannot be finished in time. It is charged after the request was read and
 * validated, and after the client's own limit ({@code ClientLimits}): an invalid request, or a
 * client over its own limit, takes nothing from the others. Refusals are counted in {@code
 * http_rate_limited_total{limit="place-order"}}, beside the platform's limits per client.
 */
@Component
class PlaceOrderRateLimit {

  static final String LIMITER = "place-order";
  private static final long NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

  private final RateLimiter limiter;
  private final Counter refused;

  PlaceOrderRateLimit(RateLimiterRegistry limiters, MeterRegistry meters) {
    this.limiter = limiters.rateLimiter(LIMITER);
    // The platform's ClientLimits counts its refusals in the same meter, tagged with its limits.
    this.refused = ClientLimits.rateLimited(meters, LIMITER);
  }

  /** Takes one order's permission, or refuses it. */
  void admit() {
    if (limiter.acquirePermission()) {
      return;
    }
    refused.increment();
    var config = limiter.getRateLimiterConfig();
    var retryAfter = retryAfter();
    throw new RateLimitedException(
        "The service admits %d orders per %d ms and they are taken; retry after %d s."
            .formatted(
                config.getLimitForPeriod(),
                config.getLimitRefreshPeriod().toMillis(),
                retryAfter.toSeconds()),
        retryAfter);
  }

  /**
   * Until the limiter's next period starts, in whole seconds and at least one: {@code Retry-After}
   * has no finer unit, and rounding down would invite the retry too early.
   */
  private Duration retryAfter() {
    var wait =
        limiter instanceof AtomicRateLimiter atomic
            ? Duration.ofNanos(atomic.getDetailedMetrics().getNanosToWait())
            : limiter.getRateLimiterConfig().getLimitRefreshPeriod();
    return Duration.ofSeconds(Math.max(1, Math.ceilDiv(wait.toNanos(), NANOS_PER_SECOND)));
  }
}
