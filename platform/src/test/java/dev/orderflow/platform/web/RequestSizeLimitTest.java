package dev.orderflow.platform.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestSizeLimitTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RequestSizeLimit limit = new RequestSizeLimit(DataSize.ofBytes(1024), meters);

  /** Reads the whole body, answering 413 as RequestProblems does when it grew too large. */
  private final FilterChain reader =
      (request, response) -> {
        try {
          request.getInputStream().readAllBytes();
          request.getInputStream().readAllBytes();
        } catch (RequestSizeLimit.TooLargeException e) {
          ((HttpServletResponse) response).setStatus(413);
        }
      };

  @Test
  void a_declared_length_over_the_limit_is_refused_at_once_and_counted() throws Exception {
    var response = new MockHttpServletResponse();

    limit.doFilter(post("x".repeat(1025), true), response, reader);

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(response.getContentAsString()).contains("request-too-large");
    assertThat(tooLarge()).isEqualTo(1);
  }

  @Test
  void a_body_without_a_length_that_grows_over_the_limit_is_counted_once() throws Exception {
    var response = new MockHttpServletResponse();

    limit.doFilter(post("x".repeat(5000), false), response, reader);

    assertThat(response.getStatus()).isEqualTo(413);
    assertThat(tooLarge()).isEqualTo(1);
  }

  @Test
  void a_body_within_the_limit_is_not_counted() throws Exception {
    var response = new MockHttpServletResponse();

    limit.doFilter(post("x".repeat(1024), false), response, reader);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(tooLarge()).isZero();
  }

  private double tooLarge() {
    return meters.get("http.requests.too.large").counter().count();
  }

  private static MockHttpServletRequest post(String body, boolean withLength) {
    var request =
        new MockHttpServletRequest("POST", "/echo") {
          @Override
          public long getContentLengthLong() {
            return withLength ? super.getContentLengthLong() : -1;
          }

          @Override
          public int getContentLength() {
            return withLength ? super.getContentLength() : -1;
          }
        };
    request.setContent(body.getBytes(UTF_8));
    request.setContentType("text/plain");
    return request;
  }
}
