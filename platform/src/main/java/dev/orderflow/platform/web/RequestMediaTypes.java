package dev.orderflow.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before Spring MVC reads the request, media types it cannot cope with:
 *
 * <ul>
 *   <li>a {@code Content-Type} that is not a concrete media type ({@code *}{@code /*}, {@code
 *       garbage}): {@code 415}. Spring fails on such a header with an exception no handler maps, a
 *       500;
 *   <li>an {@code Accept} that is no list of media types at all ({@code garbage}): {@code 406}.
 *       Spring refuses it too, but then cannot write its refusal either, since nothing the client
 *       accepts can be negotiated, and answers with an empty body.
 * </ul>
 *
 * An empty {@code Accept} names no media type, so it is read as no {@code Accept} at all: any media
 * type will do. The actuator's Prometheus endpoint fails on it with a 500 otherwise.
 */
public final class RequestMediaTypes extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var contentType = request.getContentType();
    if (contentType != null && !concrete(contentType)) {
      ProblemResponses.send(
          request,
          response,
          Problems.of(
              HttpStatus.UNSUPPORTED_MEDIA_TYPE,
              "unsupported-media-type",
              "Unsupported Media Type",
              "The Content-Type is not a media type this service reads: send application/json."));
      return;
    }
    var accepts = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
    for (var accept : accepts) {
      if (!accept.isBlank() && !mediaTypes(accept)) {
        ProblemResponses.send(
            request,
            response,
            Problems.of(
                HttpStatus.NOT_ACCEPTABLE,
                "not-acceptable",
                "Not Acceptable",
                "The Accept header is no list of media types: send application/json, or none."));
        return;
      }
    }
    boolean acceptsNothingNamed = !accepts.isEmpty() && accepts.stream().allMatch(String::isBlank);
    chain.doFilter(acceptsNothingNamed ? new WithoutAccept(request) : request, response);
  }

  /** The request as if it had no {@code Accept} header. */
  private static final class WithoutAccept extends HttpServletRequestWrapper {

    WithoutAccept(HttpServletRequest request) {
      super(request);
    }

    @Override
    public @Nullable String getHeader(String name) {
      return accept(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return accept(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(
          Collections.list(super.getHeaderNames()).stream().filter(name -> !accept(name)).toList());
    }

    private static boolean accept(String name) {
      return HttpHeaders.ACCEPT.equalsIgnoreCase(name);
    }
  }

  private static boolean concrete(String header) {
    try {
      var type = MediaType.parseMediaType(header);
      return !type.isWildcardType() && !type.isWildcardSubtype();
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private static boolean mediaTypes(String header) {
    try {
      MediaType.parseMediaTypes(header);
      return true;
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }
}
