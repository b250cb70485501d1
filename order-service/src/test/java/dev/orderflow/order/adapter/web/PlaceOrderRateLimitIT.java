package dev.orderflow.order.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orderflow.order.OrderServiceIntegrationTest;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rate limit of {@code POST /api/orders} through the running service, with its production
 * settings (hundreds of orders a second, shared by every test of this context). Rather than sending
 * that many orders, a test takes the permissions that are left in the current period straight from
 * the limiter, as a burst would, and then sends its request; a period can end in between, so it
 * tries again until it catches one still used up. Each test waits for a fresh period at the end, so
 * no other test ever meets an exhausted limit.
 */
class PlaceOrderRateLimitIT extends OrderServiceIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired RateLimiterRegistry limiters;

  RateLimiter limiter;

  @BeforeEach
  void limiter() {
    limiter = limiters.rateLimiter(PlaceOrderRateLimit.LIMITER);
  }

  @AfterEach
  void awaitAFreshPeriod() {
    await("the place-order limit refreshed")
        .atMost(Duration.ofSeconds(10))
        .until(() ->
            limiter.getMetrics().getAvailablePermissions()
                == limiter.getRateLimiterConfig().getLimitForPeriod());
  }

  @Test
  void an_order_beyond_the_limit_is_refused_with_a_429_problem_and_retry_after() {
    var refused =
        await("an order refused while the limit is used up")
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> {
                  useUpTheLimit();
                  return post();
                },
                result -> result.getStatus().value() == 429);

    assertThat(refused.getResponseHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    var problem = JSON.readTree(refused.getResponseBody());
    assertThat(problem.get("type").asString()).isEqualTo("urn:orderflow:problem:rate-limited");
    assertThat(problem.get("status").asInt()).isEqualTo(429);
    var period = limiter.getRateLimiterConfig().getLimitRefreshPeriod();
    var retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
    assertThat(retryAfter)
        .as("whole seconds until the next period")
        .isBetween(1L, Math.max(1L, Math.ceilDiv(period.toMillis(), 1000L)));
    assertThat(prometheus())
        .as("refusals are counted")
        .anySatisfy(line ->
            assertThat(line)
                .startsWith("http_server_requests_seconds_count{")
                .contains("status=\"429\"", "uri=\"/api/orders\""))
        .anySatisfy(line ->
            assertThat(line)
                .startsWith("http_rate_limited_total{")
                .contains("limit=\"place-order\"")
                .doesNotEndWith(" 0.0"));
  }

  @Test
  void orders_are_accepted_again_in_the_next_period() {
    await("an order refused while the limit is used up")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              useUpTheLimit();
              return post().getStatus().value();
            },
            status -> status == 429);

    await("an order accepted in the next period")
        .atMost(Duration.ofSeconds(5))
        .until(() -> post().getStatus().value(), status -> status == 202);
  }

  @Test
  void reading_and_cancelling_orders_are_not_limited() {
    record Attempt(int read, int cancel, int place) {}

    var attempt =
        await("reads and cancels answered while the limit is used up")
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> {
                  var orderId = placeOrder("c-limit", "SKU-1", 1);
                  useUpTheLimit();
                  var read = http.get().uri("/api/orders/{id}", orderId).exchange();
                  var cancel = http.post().uri("/api/orders/{id}/cancel", orderId).exchange();
                  // Still refused afterwards: the limit was used up the whole time.
                  return new Attempt(
                      read.returnResult().getStatus().value(),
                      cancel.returnResult().getStatus().value(),
                      post().getStatus().value());
                },
                result -> result.place() == 429);

    assertThat(attempt.read()).isEqualTo(200);
    assertThat(attempt.cancel()).isEqualTo(202);
  }

  @Test
  void an_invalid_order_is_refused_as_invalid_and_takes_no_permission() {
    var statuses =
        await("an invalid order answered while the limit is used up")
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> {
                  useUpTheLimit();
                  var invalid =
                      http.post()
                          .uri("/api/orders")
                          .contentType(MediaType.APPLICATION_JSON)
                          .body("{\"customerId\":\"c-limit\",\"lines\":[]}")
                          .exchange()
                          .returnResult()
                          .getStatus()
                          .value();
                  return List.of(invalid, post().getStatus().value());
                },
                result -> result.get(1) == 429);

    assertThat(statuses.getFirst()).as("the invalid order").isEqualTo(400);
  }

  @Test
  void a_used_up_limit_leaves_the_service_healthy() {
    useUpTheLimit();

    http.get()
        .uri("/actuator/health")
        .headers(headers -> headers.setBasicAuth(ADMIN_USER, ADMIN_PASSWORD))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.mongo.status")
        .isEqualTo("UP")
        .jsonPath("$.components.rateLimiters")
        .doesNotExist();
  }

  @Test
  void the_limit_is_measured_in_prometheus() {
    assertThat(prometheus())
        .anySatisfy(line ->
            assertThat(line)
                .startsWith("resilience4j_ratelimiter_available_permissions{")
                .contains("name=\"place-order\""))
        .anySatisfy(line ->
            assertThat(line)
                .startsWith("resilience4j_ratelimiter_waiting_threads{")
                .contains("name=\"place-order\""));
  }

  private List<String> prometheus() {
    return http.get()
        .uri("/actuator/prometheus")
        .exchange()
        .expectStatus()
        .isOk()
        .returnResult(String.class)
        .getResponseBody()
        .lines()
        .toList();
  }

  /** Takes every permission left in the current period, as a burst of orders would. */
  private void useUpTheLimit() {
    while (limiter.acquirePermission()) {
      // Taken.
    }
  }

  private EntityExchangeResult<String> post() {
    return http.post()
        .uri("/api/orders")
        .contentType(MediaType.APPLICATION_JSON)
        .body(
            """
            {"customerId":"c-limit","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":1.00}]}
            """)
        .exchange()
        .returnResult(String.class);
  }
}
