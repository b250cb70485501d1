package dev.orderflow.order.adapter.web;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Admission control for {@code POST /api/orders}: the resilience4j rate limiter {@value #LIMITER}
 * ({@code resilience4j.ratelimiter.instances.place-order.*}) admits so many orders per period for
 * the whole service, and a request beyond that is refused at once with {@code 429} and a {@code
 * Retry-After}, before its body is even read. Every order admitted costs a write here and work in
 * every other service, and one pending longer than the saga's deadline is rejected anyway, so
 * refusing early is kinder than accepting what cannot be finished in time. Reads and cancels are
 * not limited.
 */
@Component
class PlaceOrderRateLimit implements HandlerInterceptor, WebMvcConfigurer {

  static final String LIMITER = "place-order";
  private static final long NANOS_PER_SECOND = Duration.ofSeconds(1).toNanos();

  private final RateLimiter limiter;

  PlaceOrderRateLimit(RateLimiterRegistry limiters) {
    this.limiter = limiters.rateLimiter(LIMITER);
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/orders");
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!HttpMethod.POST.matches(request.getMethod()) || limiter.acquirePermission()) {
      return true;
    }
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
