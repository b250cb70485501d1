package dev.orderflow.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code orderflow.web.max-request-size} with 413: at once when
 * the declared length is too large, and while reading when a body without a length grows too large.
 * No request of the API needs more than a few kilobytes. Each request refused is counted once in
 * {@code http_requests_too_large_total}.
 */
public final class RequestSizeLimit extends OncePerRequestFilter {

  private final long maxBytes;
  private final Counter refused;

  public RequestSizeLimit(DataSize max, MeterRegistry meters) {
    this.maxBytes = max.toBytes();
    this.refused =
        Counter.builder("http.requests.too.large")
            .description("Requests refused because their body was over the size limit")
            .register(meters);
  }

  /** A body that went past the limit while it was being read. */
  static final class TooLargeException extends IOException {
    private final long maxBytes;

    TooLargeException(long maxBytes) {
      super("The request body is larger than " + maxBytes + " bytes.");
      this.maxBytes = maxBytes;
    }

    long maxBytes() {
      return maxBytes;
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      refused.increment();
      ProblemResponses.send(request, response, tooLarge(maxBytes));
      return;
    }
    var limited = new Limited(request, maxBytes);
    try {
      chain.doFilter(limited, response);
    } finally {
      if (limited.overLimit) {
        // Answered 413 by RequestProblems, from the exception the body threw while read.
        refused.increment();
      }
    }
  }

  static ProblemDetail tooLarge(long maxBytes) {
    return Problems.of(
        HttpStatus.CONTENT_TOO_LARGE,
        "request-too-large",
        "Request too large",
        "The request body is larger than " + maxBytes + " bytes.");
  }

  private static final class Limited extends HttpServletRequestWrapper {

    private final long maxBytes;
    private boolean overLimit;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      var in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0) {
            count(1);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = in.read(buffer, offset, length);
          if (n > 0) {
            count(n);
          }
          return n;
        }

        private void count(long n) throws TooLargeException {
          read += n;
          if (read > maxBytes) {
            overLimit = true;
            throw new TooLargeException(maxBytes);
          }
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
