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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 *   <li><b>Bulkhead</b> caps the sends at once (every listener thread and the sweep may send); a
 *       send that cannot get a permit in time waits in place like an outage, not as the email's
 *       fault. A batch holds its connection between its sends, so the connections open at once are
 *       at most the sending threads (the listener threads and the sweep).
 *   <li><b>TimeLimiter</b> (innermost) is the deadline of one whole send, which the socket timeouts
 *       only bound per read or write. The send runs on a virtual thread, which the time limit
 *       interrupts, and socket I/O of a virtual thread stops when interrupted.
 * </ul>
 *
 * The result says whose problem a failure was ({@link SendResult}); nothing but bugs is thrown.
 */
class ResilientEmailSender implements AutoCloseable {

  static final String SMTP = "smtp";
  private static final String NO_ANSWER = "no answer from SMTP within ";

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
    return sendAll(List.of(email)).getFirst();
  }

  /**
   * Sends the emails in order over one SMTP connection (a batch's), each through the whole chain on
   * its own: each has its own time limit, counts in the breaker as one call, takes a bulkhead
   * permit while it is sent, and is retried once on its own if its connection failed (the failed
   * send closed the connection, so the retry opens a fresh one). So a batch fails part-way the way
   * single sends would: the emails before the failure keep their results, and the answer names each
   * one's.
   *
   * <p>Stops after the first {@link SmtpUnavailable}: the server is away (or the breaker open) for
   * the emails after it as well, which are not tried and have no result. The answer is one result
   * per email tried, in order.
   */
  List<SendResult> sendAll(List<OrderEmail> emails) {
    var results = new ArrayList<SendResult>(emails.size());
    try (var session = open()) {
      for (var email : emails) {
        SendResult result;
        try {
          result = session.send(email);
        } catch (RuntimeException bug) {
          throw new PartlySentException(results, bug);
        }
        results.add(result);
        if (result instanceof SmtpUnavailable) {
          break;
        }
      }
    }
    return results;
  }

  /** One SMTP connection for the emails of a batch, sent one at a time as {@link #sendAll} does. */
  Session open() {
    return new Session(smtp.connect());
  }

  /**
   * The emails of a batch over one connection, each through the whole chain. A send cut off by its
   * time limit may still be unwinding on its own thread, holding the connection: the next email
   * gets a fresh connection instead of waiting for it, and the old one is closed on that thread
   * once the send lets go of it.
   */
  final class Session implements AutoCloseable {

    private EmailSender.Connection connection;

    private Session(EmailSender.Connection connection) {
      this.connection = connection;
    }

    /**
     * The email's result; nothing but a bug is thrown.
     *
     * @throws RuntimeException a bug, not a send result
     */
    SendResult send(OrderEmail email) {
      var used = connection;
      var result = ResilientEmailSender.this.send(email, used);
      if (result instanceof Deferred deferred && deferred.reason().startsWith(NO_ANSWER)) {
        connection = smtp.connect();
        try {
          sends.execute(used::close);
        } catch (RejectedExecutionException shuttingDown) {
          // The process is stopping; its connections go with it.
        }
      }
      return result;
    }

    @Override
    public void close() {
      connection.close();
    }
  }

  /**
   * An email of a batch failed with a bug (not a send result): the emails before it have {@link
   * #results()}, which must be recorded before the failure is passed on, since some were sent.
   */
  static final class PartlySentException extends RuntimeException {

    private final List<SendResult> results;
    private final RuntimeException bug;

    PartlySentException(List<SendResult> results, RuntimeException bug) {
      super(bug.getMessage(), bug);
      this.results = List.copyOf(results);
      this.bug = bug;
    }

    /** What the email after {@link #results()} failed with. */
    RuntimeException bug() {
      return bug;
    }

    /** One result per email before the one that failed. */
    List<SendResult> results() {
      return results;
    }
  }

  private SendResult send(OrderEmail email, EmailSender connection) {
    Callable<Void> timed =
        TimeLimiter.decorateFutureSupplier(
            timeLimiter,
            () ->
                sends.submit(() -> {
                  connection.send(email);
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
      return new Deferred(NO_ANSWER + timeLimiter.getTimeLimiterConfig().getTimeoutDuration());
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
