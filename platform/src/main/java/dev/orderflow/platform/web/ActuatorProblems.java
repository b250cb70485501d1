package dev.orderflow.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The actuator refuses some requests with a status and no body: {@code /actuator/health/<a
 * component or group it does not have>} is a bare {@code 404}. Its answers are held until it is
 * done (they are small: a health report, a scrape), and a refusal without a body leaves as a
 * problem like every other.
 */
public final class ActuatorProblems extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var held = new ContentCachingResponseWrapper(response);
    chain.doFilter(request, held);
    var status = HttpStatus.resolve(held.getStatus());
    if (status != null
        && status.is4xxClientError()
        && held.getContentSize() == 0
        && !response.isCommitted()) {
      ProblemResponses.send(
          request,
          response,
          Problems.forStatus(
              status,
              status == HttpStatus.NOT_FOUND
                  ? "Nothing at this path: the actuator has health, health/liveness,"
                      + " health/readiness, info and prometheus."
                  : "The actuator refused the request."));
      return;
    }
    held.copyBodyToResponse();
  }
}
