package dev.orderflow.order.adapter.web;

import dev.orderflow.order.application.IdempotencyKeyReusedException;
import dev.orderflow.order.application.PlacementsOverloadedException;
import dev.orderflow.order.domain.IllegalTransitionException;
import dev.orderflow.order.domain.InvalidOrderException;
import dev.orderflow.order.domain.OrderAlreadyExistsException;
import dev.orderflow.order.domain.OrderException;
import dev.orderflow.order.domain.OrderNotFoundException;
import dev.orderflow.platform.web.Problems;
import dev.orderflow.platform.web.RateLimitedException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps each refusal of the domain and the application to its problem type and HTTP status. An order
 * that kept changing under a command is the platform's {@code RequestProblems}' to answer ({@code
 * 409 order-busy}), like a rate limit ({@code 429 rate-limited}).
 */
@RestControllerAdvice
class OrderProblems {

  @ExceptionHandler
  ProblemDetail refused(OrderException e) {
    return switch (e) {
      case OrderNotFoundException x ->
          Problems.of(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", x.getMessage());
      case IllegalTransitionException x -> {
        var problem =
            Problems.of(
                HttpStatus.CONFLICT,
                "illegal-transition",
                "The order's status does not allow this",
                x.getMessage());
        problem.setProperty("orderStatus", x.status());
        yield problem;
      }
      case InvalidOrderException x ->
          Problems.of(
              HttpStatus.UNPROCESSABLE_CONTENT, "invalid-order", "Invalid order", x.getMessage());
      case OrderAlreadyExistsException x ->
          Problems.of(HttpStatus.CONFLICT, "order-exists", "Order already exists", x.getMessage());
    };
  }

  /**
   * Too many placements already waiting for their group's write: the service's overload, answered
   * as its admission limit answers it ({@code 429 rate-limited} with {@code Retry-After}).
   */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> overloaded(PlacementsOverloadedException e) {
    var refusal = new RateLimitedException(String.valueOf(e.getMessage()), Duration.ofSeconds(1));
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, refusal.retryAfterHeader())
        .body(refusal.problem());
  }

  @ExceptionHandler
  ProblemDetail keyReused(IdempotencyKeyReusedException e) {
    return Problems.of(
        HttpStatus.UNPROCESSABLE_CONTENT,
        "idempotency-key-reused",
        "Idempotency-Key reused with a different request",
        e.getMessage());
  }
}
