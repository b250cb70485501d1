package dev.orderflow.platform.web;

import dev.orderflow.platform.faults.Fault;
import dev.orderflow.platform.faults.Faults;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The fault {@code http-errors} (docs/faults.md): while it is on, a random {@code percent} of the
 * service's requests are answered {@code 503 injected-fault} with {@code Retry-After: 1} instead of
 * being handled, as an overloaded or broken instance would answer them. Never the actuator's
 * (health, scraping) nor the admin API's, so that probes, metrics and switching the fault off keep
 * working.
 *
 * <p>An interceptor, not a filter: it answers once Spring MVC has matched the route, so the answer
 * is observed in {@code http_server_requests_seconds} with the route's {@code uri} and {@code
 * status="503"}, exactly as a 503 of the handler would be, and counts in the error ratio the
 * ErrorBudgetBurn alert reads.
 */
public final class HttpErrorFaults implements HandlerInterceptor {

  static final String NAME = "http-errors";
  static final String PERCENT = "percent";

  /** The paths the fault never touches, as interceptor path patterns. */
  static final String[] SPARED = {"/actuator/**", "/api/admin/**"};

  private final Fault errors;

  public HttpErrorFaults(Faults faults) {
    this.errors =
        faults.register(
            NAME,
            "A random percent of the service's requests (not /actuator, not /api/admin) are"
                + " answered 503 injected-fault with Retry-After: 1, counted like any 5xx.",
            new Fault.Parameter(PERCENT, 50, 1, 100));
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws IOException {
    // Once per request: not again when an asynchronous request (a live stream) is dispatched back,
    // nor on the error page's dispatch, whose request was answered already.
    if (request.getDispatcherType() != DispatcherType.REQUEST
        || !errors.active()
        || ThreadLocalRandom.current().nextInt(100) >= errors.parameter(PERCENT)) {
      return true;
    }
    response.setHeader(HttpHeaders.RETRY_AFTER, "1");
    ProblemResponses.send(
        request,
        response,
        Problems.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            "injected-fault",
            "Injected fault",
            "Answered 503 by the fault " + NAME + ", switched on by an operator for a drill."));
    return false;
  }
}
