package dev.orderflow.order.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.platform.web.RateLimitedException;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlaceOrderRateLimitTest {

  static final Duration PERIOD = Duration.ofSeconds(10);

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final PlaceOrderRateLimit limit =
      new PlaceOrderRateLimit(
          RateLimiterRegistry.of(
              RateLimiterConfig.custom()
                  .limitForPeriod(1)
                  .limitRefreshPeriod(PERIOD)
                  .timeoutDuration(Duration.ZERO)
                  .build()),
          meters);

  @Test
  void an_order_beyond_the_limit_is_refused_until_the_next_period_in_whole_seconds() {
    limit.admit();

    assertThatThrownBy(limit::admit)
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            refused ->
                assertThat(refused.retryAfter())
                    .isBetween(Duration.ofSeconds(1), PERIOD)
                    .satisfies(wait -> assertThat(wait.toNanosPart()).isZero()));
  }

  @Test
  void every_refused_order_is_counted_and_no_admitted_one() {
    limit.admit();
    assertThat(refused()).isZero();

    assertThatThrownBy(limit::admit).isInstanceOf(RateLimitedException.class);
    assertThatThrownBy(limit::admit).isInstanceOf(RateLimitedException.class);

    assertThat(refused()).isEqualTo(2);
  }

  private double refused() {
    return meters
        .get("http.rate.limited")
        .tag("limit", PlaceOrderRateLimit.LIMITER)
        .counter()
        .count();
  }
}
