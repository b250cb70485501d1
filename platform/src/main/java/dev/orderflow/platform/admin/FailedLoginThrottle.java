package dev.orderflow.platform.admin;

import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.ProblemResponses;
import dev.orderflow.platform.web.RateLimitedException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses credentials from a client that has had too many refused lately ({@value
 * ClientLimits#FAILED_LOGINS}), before they are checked: {@code 429} with {@code Retry-After}. The
 * failures are counted by the admin chain's entry point, so a client that logs in right is never
 * slowed down, and guessing a password gets no faster than the limit however many requests are
 * sent.
 */
final class FailedLoginThrottle extends OncePerRequestFilter {

  private final ClientLimits limits;

  FailedLoginThrottle(ClientLimits limits) {
    this.limits = limits;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
      try {
        limits.requireLeft(ClientLimits.FAILED_LOGINS, request.getRemoteAddr());
      } catch (RateLimitedException refused) {
        response.setHeader(HttpHeaders.RETRY_AFTER, refused.retryAfterHeader());
        ProblemResponses.send(request, response, refused.problem());
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
