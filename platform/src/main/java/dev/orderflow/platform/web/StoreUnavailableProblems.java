package dev.orderflow.platform.web;

import dev.orderflow.platform.kafka.RetryPolicy;
import dev.orderflow.platform.mongo.MongoUnreachable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * A request that failed because MongoDB cannot be reached (a real outage, or the fault {@code
 * db-outage}) is answered {@code 503 store-unavailable} with {@code Retry-After}, not a bare {@code
 * 500}: the service works, its store is away, and the same request goes through once it is back.
 * "Cannot be reached" is what the consumers' {@link RetryPolicy} retries without end as {@code
 * unavailable}, and of that MongoDB's share ({@link MongoUnreachable}): a query that ran out of
 * time on a server that answers, or a broker away, stays a {@code 500}.
 *
 * <p>The detail says what the client can know. A {@code GET} (any safe method) changed nothing. A
 * write may have landed with only its acknowledgement lost, so it may or may not have taken effect:
 * sent again with the same {@code Idempotency-Key}, it takes effect once.
 *
 * <p>It comes after Spring MVC's own resolvers, so it answers only what no
 * {@code @ExceptionHandler} took: a refusal with a meaning of its own ({@code faults-unavailable})
 * keeps it. Each request it answers is logged once, one {@code WARN} line without the stack trace
 * (an outage fails every request alike; the stack would say nothing new, hundreds of times), and
 * counted in {@code http_store_unavailable_total}.
 */
public final class StoreUnavailableProblems implements HandlerExceptionResolver {

  private static final Logger log = LoggerFactory.getLogger(StoreUnavailableProblems.class);

  static final String KIND = "store-unavailable";

  /** Whole seconds: an instance whose MongoDB is back answers at once. */
  static final String RETRY_AFTER_SECONDS = "1";

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** The methods that change nothing (RFC 9110, 9.2.1). */
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final Counter answered;

  public StoreUnavailableProblems(MeterRegistry meters) {
    this.answered =
        Counter.builder("http.store.unavailable")
            .description("Requests answered 503 store-unavailable: MongoDB could not be reached")
            .register(meters);
  }

  /** Whether {@code failure} says that MongoDB cannot be reached, looking through its wrappers. */
  static boolean storeUnreachable(Throwable failure) {
    return RetryPolicy.classify(failure) == RetryPolicy.Kind.UNAVAILABLE
        && MongoUnreachable.isCauseOf(failure);
  }

  @Override
  public @Nullable ModelAndView resolveException(
      HttpServletRequest request,
      HttpServletResponse response,
      @Nullable Object handler,
      Exception failure) {
    if (response.isCommitted() || !storeUnreachable(failure)) {
      return null;
    }
    var problem = problem(request);
    log.warn(
        "{} {} answered 503 {}: MongoDB cannot be reached ({})",
        request.getMethod(),
        request.getRequestURI(),
        KIND,
        NestedExceptionUtils.getMostSpecificCause(failure).toString());
    answered.increment();
    try {
      response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
      ProblemResponses.send(request, response, problem);
    } catch (IOException e) {
      // The client went away; nothing left to answer.
      log.debug("Could not send the {} answer", KIND, e);
    }
    // Empty: handled, the response written; the failure stays the request's exception (metrics).
    return new ModelAndView();
  }

  private static ProblemDetail problem(HttpServletRequest request) {
    var reached = "MongoDB, where the service keeps its data, cannot be reached: ";
    String detail;
    if (SAFE.contains(request.getMethod())) {
      detail =
          reached
              + "the request was not carried out and changed nothing. Send it again after"
              + " Retry-After.";
    } else if (request.getHeader(IDEMPOTENCY_KEY) != null) {
      detail =
          reached
              + "the request may or may not have taken effect (a write can land while its"
              + " acknowledgement is lost). Send it again after Retry-After with the same"
              + " Idempotency-Key: it takes effect once.";
    } else {
      detail =
          reached
              + "the request may or may not have taken effect (a write can land while its"
              + " acknowledgement is lost). Send it again after Retry-After, unless it creates"
              + " something and carried no Idempotency-Key: such a POST may then take effect"
              + " twice, so check first whether it did.";
    }
    return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, KIND, "Store unavailable", detail);
  }
}
