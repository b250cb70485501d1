package dev.orderflow.notification;

import dev.orderflow.notification.domain.OrderEmail;
import dev.orderflow.notification.domain.SendResult;
import dev.orderflow.notification.domain.SendResult.Deferred;
import dev.orderflow.notification.domain.SendResult.Refused;
import dev.orderflow.notification.domain.SendResult.Sent;
import dev.orderflow.notification.domain.SendResult.SmtpUnavailable;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;

/**
 * An {@link EmailSender} behind resilience4j's retry, circuit breaker, bulkhead and time limiter,
 * all named {@value #SMTP} and configured under {@code resilience4j.*.instances.smtp}:
 *
 * <pre>
 * Retry ( CircuitBreaker ( Bulkhead ( TimeLimiter ( SmtpFaults ( SmtpEmailSender ) ) ) ) )
 * </pre>
 *
 * <ul>
 *   <li><b>Retry</b> (outermost) repeats a send whose connection failed once, quickly, for a blip
 *       not worth a Kafka retry; each try passes the breaker, so it stops as soon as that opens.
 *   <li><b>CircuitBreaker</b> counts what says the server is down (unreachable, no answer in time),
 *       never an email the server turned away; open, it fails at once, and {@link ConsumptionPause}
 *       pauses the consumers.
 *   <li><b>Bulkhead</b> caps the SMTP sessions at once (every listener thread may send); a send
 *       that cannot get one in time waits in place like an outage, not as the email's fault.
 *   <li><b>TimeLimiter</b> (innermost) is the deadline of one whole send, which the socket timeouts
 *       only bound per read or write. The send runs on a virtual thread, which the time limit
 *       interrupts, and socket I/O of a virtual thread stops when interrupted.
 * </ul>
 *
 * The result says whose problem a failure was ({@link SendResult}); nothing but bugs is thrown.
 */
class ResilientEmailSender implements AutoCloseable {

  static final String SMTP = "smtp";

  private final EmailSender smtp;
  private final Retry retry;
  private final CircuitBreaker circuitBreaker;
  private final Bulkhead bulkhead;
  private final TimeLimiter timeLimiter;
  private final ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();

  ResilientEmailSender(
      EmailSender smtp,
      RetryRegistry retries,
      CircuitBreakerRegistry circuitBreakers,
      BulkheadRegistry bulkheads,
      TimeLimiterRegistry timeLimiters) {
    this.smtp = smtp;
    this.retry = retries.retry(SMTP);
    this.circuitBreaker = circuitBreakers.circuitBreaker(SMTP);
    this.bulkhead = bulkheads.bulkhead(SMTP);
    this.timeLimiter = timeLimiters.timeLimiter(SMTP);
  }

  SendResult send(OrderEmail email) {
    Callable<Void> timed =
        TimeLimiter.decorateFutureSupplier(
            timeLimiter,
            () ->
                sends.submit(() -> {
                  smtp.send(email);
                  return null;
                }));
    var guarded =
        Retry.decorateCallable(
            retry,
            CircuitBreaker.decorateCallable(
                circuitBreaker, Bulkhead.decorateCallable(bulkhead, timed)));
    try {
      guarded.call();
      return new Sent();
    } catch (CallNotPermittedException e) {
      return new SmtpUnavailable("the " + SMTP + " circuit breaker is open");
    } catch (BulkheadFullException e) {
      return new SmtpUnavailable(
          "all %d SMTP sessions stayed busy for %s"
              .formatted(
                  bulkhead.getBulkheadConfig().getMaxConcurrentCalls(),
                  bulkhead.getBulkheadConfig().getMaxWaitDuration()));
    } catch (SmtpUnavailableException e) {
      return new SmtpUnavailable(e.reason());
    } catch (TimeoutException e) {
      return new Deferred(
          "no answer from SMTP within " + timeLimiter.getTimeLimiterConfig().getTimeoutDuration());
    } catch (EmailRejectedException e) {
      return e.permanent() ? new Refused(e.reason()) : new Deferred(e.reason());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SmtpUnavailable("interrupted while sending");
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("Unexpected failure sending " + email.messageId(), e);
    }
  }

  /** On shutdown a send still in progress is interrupted; its record is delivered again later. */
  @Override
  public void close() {
    sends.shutdownNow();
  }
}
