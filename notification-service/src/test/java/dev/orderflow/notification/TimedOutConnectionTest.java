package dev.orderflow.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.notification.domain.OrderEmail;
import dev.orderflow.notification.domain.SendResult;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A send of a batch cut off by its time limit may still hold its connection (a send that does not
 * stop when interrupted): the next email of the batch gets a fresh connection instead of waiting
 * for it, and so is not cut off too.
 */
class TimedOutConnectionTest {

  @Test
  void the_email_after_a_timed_out_send_goes_over_a_fresh_connection() {
    var stuck = new CountDownLatch(1);
    var opened = new AtomicInteger();
    var closed = new AtomicInteger();
    EmailSender smtp =
        new EmailSender() {
          @Override
          public void send(OrderEmail email) {
            throw new UnsupportedOperationException("batches only");
          }

          @Override
          public Connection connect() {
            opened.incrementAndGet();
            return new Connection() {
              @Override
              public synchronized void send(OrderEmail email) {
                if (email.messageId().equals("<stuck>")) {
                  awaitIgnoringInterrupts(stuck);
                }
              }

              @Override
              public synchronized void close() {
                closed.incrementAndGet();
              }
            };
          }
        };
    try (var resilient =
        new ResilientEmailSender(
            smtp,
            RetryRegistry.ofDefaults(),
            CircuitBreakerRegistry.ofDefaults(),
            BulkheadRegistry.ofDefaults(),
            TimeLimiterRegistry.of(
                TimeLimiterConfig.custom().timeoutDuration(Duration.ofMillis(200)).build()))) {
      List<SendResult> results;
      try {
        results = resilient.sendAll(List.of(email("<stuck>"), email("<next>")));
      } finally {
        stuck.countDown();
      }

      assertThat(results.get(0)).isInstanceOf(SendResult.Deferred.class);
      assertThat(results.get(1)).isInstanceOf(SendResult.Sent.class);
      assertThat(opened).hasValue(2);
      // The stuck connection is closed once its send lets go, the fresh one by the batch.
      org.awaitility.Awaitility.await("both connections closed")
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(closed).hasValue(2));
    }
  }

  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    var interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static OrderEmail email(String messageId) {
    return new OrderEmail(
        messageId, "c-1@customers.orderflow.dev", "Your order", "Body", Instant.EPOCH);
  }
}
