package dev.orderflow.inventory.stock;

import dev.orderflow.platform.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps each refusal of the stock API to its problem type and HTTP status; a sku that kept changing
 * ({@code stock-busy}) is the platform's answer to every contended compare-and-set.
 */
@RestControllerAdvice
class StockProblems {

  @ExceptionHandler
  ProblemDetail unknown(UnknownSkuException e) {
    return Problems.of(HttpStatus.NOT_FOUND, "unknown-sku", "Unknown sku", e.getMessage());
  }

  @ExceptionHandler
  ProblemDetail belowReserved(OnHandBelowReservedException e) {
    var problem =
        Problems.of(
            HttpStatus.CONFLICT,
            "on-hand-below-reserved",
            "On-hand stock cannot drop below what is reserved",
            e.getMessage());
    problem.setProperty("reserved", e.reserved());
    return problem;
  }
}
