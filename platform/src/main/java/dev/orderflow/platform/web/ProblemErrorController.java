package dev.orderflow.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container answers when a request fails outside a controller (Spring Security's
 * firewall refused its path, no handler and no method matched, a filter failed): a problem detail
 * with the status the failure set, instead of Boot's own error JSON. A request for {@code /error}
 * itself, which no failure sent, is a {@code 404} like any other path that does not exist (Boot's
 * answered such a request with a {@code 500}, which counted against the availability SLO).
 */
@RestController
public class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:${error.path:/error}}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    var code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    var status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
    var path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    if (status == null || path == null) {
      status = HttpStatus.NOT_FOUND;
      path = request.getRequestURI();
    }
    var problem = Problems.forStatus(status, detail(status));
    problem.setInstance(Problems.instance(String.valueOf(path)));
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  /** What the statuses the container itself answers with mean; any other, by its class. */
  private static final Map<HttpStatus, String> DETAILS =
      Map.of(
          HttpStatus.NOT_FOUND, "There is nothing at this path.",
          HttpStatus.METHOD_NOT_ALLOWED, "This path does not take this method.",
          HttpStatus.BAD_REQUEST,
              "The request is malformed: its path, its headers or its encoding.");

  private static String detail(HttpStatus status) {
    var known = DETAILS.get(status);
    if (known != null) {
      return known;
    }
    return status.is5xxServerError()
        ? "The service failed to answer; the failure is in its log."
        : "The request was refused: " + status.getReasonPhrase() + ".";
  }
}
