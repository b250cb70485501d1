package dev.orderflow.platform.admin;

import dev.orderflow.platform.faults.FaultsUnavailableException;
import dev.orderflow.platform.faults.UnknownFaultException;
import dev.orderflow.platform.kafka.AlreadyRedrivenException;
import dev.orderflow.platform.kafka.TruncatedDeadLetterException;
import dev.orderflow.platform.kafka.UnknownDeadLetterException;
import dev.orderflow.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The admin API's refusals as problem details. */
@RestControllerAdvice(assignableTypes = {FaultsController.class, DeadLettersController.class})
public class AdminProblems {

  @ExceptionHandler
  ProblemDetail unknownFault(UnknownFaultException e) {
    return Problems.of(HttpStatus.NOT_FOUND, "unknown-fault", "Unknown fault", e.getMessage());
  }

  /** MongoDB, where the service keeps its faults, does not answer: try again later. */
  @ExceptionHandler
  ProblemDetail faultsUnavailable(FaultsUnavailableException e) {
    return Problems.of(
        HttpStatus.SERVICE_UNAVAILABLE,
        "faults-unavailable",
        "Faults cannot be switched now",
        e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail unknownDeadLetter(UnknownDeadLetterException e) {
    return Problems.of(
        HttpStatus.NOT_FOUND, "unknown-dead-letter", "Unknown dead letter", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail alreadyRedriven(AlreadyRedrivenException e) {
    return Problems.of(
        HttpStatus.CONFLICT, "already-redriven", "Dead letter sent back already", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail truncated(TruncatedDeadLetterException e) {
    return Problems.of(
        HttpStatus.CONFLICT,
        "truncated-dead-letter",
        "Dead letter holds only part of its record",
        e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail invalid(IllegalArgumentException e) {
    return Problems.of(
        HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", e.getMessage());
  }
}
