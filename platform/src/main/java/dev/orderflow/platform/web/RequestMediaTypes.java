package dev.orderflow.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request whose {@code Content-Type} is not a concrete media type ({@code *}{@code /*},
 * {@code garbage}) with 415, before Spring MVC reads it: Spring fails on such a header with an
 * exception no handler maps, a 500.
 */
public final class RequestContentType extends OncePerRequestFilter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var header = request.getContentType();
    if (header == null || concrete(header)) {
      chain.doFilter(request, response);
      return;
    }
    var problem =
        Problems.of(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported Media Type",
            "The Content-Type is not a media type this service reads: send application/json.");
    problem.setInstance(URI.create(request.getRequestURI()));
    response.setStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(JSON.writeValueAsBytes(problem));
  }

  private static boolean concrete(String header) {
    try {
      var type = MediaType.parseMediaType(header);
      return !type.isWildcardType() && !type.isWildcardSubtype();
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }
}
