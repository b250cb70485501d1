package dev.orderflow.platform.web;

import dev.orderflow.platform.concurrency.CompareAndSet;
import dev.orderflow.platform.concurrency.ContentionException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's standard problem details for malformed requests, plus what the client needs to fix
 * them: each invalid field or parameter, and the message saying why, in an {@code errors} list.
 */
@RestControllerAdvice
public class RequestProblems extends ResponseEntityExceptionHandler {

  @Override
  protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    var errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(error ->
                Map.of("field", error.getField(), "message", message(error.getDefaultMessage())))
            .toList();
    return invalid(ex, headers, request, "The request body is not valid.", errors);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    var errors =
        ex.getParameterValidationResults().stream().flatMap(RequestProblems::errorsOf).toList();
    return invalid(ex, headers, request, "The request is not valid.", errors);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    var errors = List.of(Map.of("parameter", ex.getParameterName(), "message", "is required"));
    return invalid(ex, headers, request, "The request is not valid.", errors);
  }

  @Override
  protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
      if (cause instanceof RequestSizeLimit.TooLargeException tooLarge) {
        var problem = RequestSizeLimit.tooLarge(tooLarge.maxBytes());
        return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
      }
    }
    var problem =
        Problems.of(
            HttpStatus.BAD_REQUEST,
            "malformed-request",
            "Malformed request",
            "The request body is not readable JSON of the expected shape.");
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  /** A parameter or path variable that does not convert to its type (a date that is not one). */
  @Override
  protected @Nullable ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    var name =
        ex instanceof MethodArgumentTypeMismatchException argument
            ? argument.getName()
            : String.valueOf(ex.getPropertyName());
    var type = ex.getRequiredType() == null ? "value" : ex.getRequiredType().getSimpleName();
    var errors = List.of(Map.of("parameter", name, "message", "is not a valid " + type));
    return invalid(ex, headers, request, "The request is not valid.", errors);
  }

  /**
   * A document that kept changing while the request was decided ({@link CompareAndSet}): {@code 409
   * <kind>-busy}, e.g. {@code order-busy}; the same request sent again normally goes through.
   */
  @ExceptionHandler
  ProblemDetail busy(ContentionException e) {
    var kind = e.document().kind();
    return Problems.of(
        HttpStatus.CONFLICT,
        kind + "-busy",
        "The " + kind + " is changing; try again",
        e.getMessage());
  }

  /**
   * A client beyond its rate limit, or all clients beyond the service's: 429, and when to retry.
   */
  @ExceptionHandler
  ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, e.retryAfterHeader())
        .body(e.problem());
  }

  /**
   * Every problem Spring MVC makes itself (405, 406, 415, a path that does not exist...) gets a
   * {@code type} of its own, named after its status, like every problem of this API.
   */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem
        && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
      problem.setType(Problems.type(Problems.kindOf(statusCode)));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private @Nullable ResponseEntity<Object> invalid(
      Exception ex,
      HttpHeaders headers,
      WebRequest request,
      String detail,
      List<Map<String, String>> errors) {
    var problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
    problem.setProperty("errors", errors);
    return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
  }

  /** A request body reports its invalid fields; a path variable or header reports itself. */
  private static Stream<Map<String, String>> errorsOf(ParameterValidationResult result) {
    if (result instanceof ParameterErrors body) {
      return body.getFieldErrors().stream()
          .map(error ->
              Map.of("field", error.getField(), "message", message(error.getDefaultMessage())));
    }
    var parameter = String.valueOf(result.getMethodParameter().getParameterName());
    return result.getResolvableErrors().stream()
        .map(
            error -> Map.of("parameter", parameter, "message", message(error.getDefaultMessage())));
  }

  private static String message(@Nullable String message) {
    return message == null ? "is not valid" : message;
  }
}
