package dev.orderflow.platform.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses, before the handler runs, a request whose {@code Accept} takes nothing its answer can be
 * written in ({@code Accept: application/xml} on a JSON endpoint): {@code 406}. Spring finds that
 * out only when it writes the answer, after the handler ran, so a refused request would have placed
 * an order or started a rebuild. Mappings that declare what they produce are checked by Spring
 * before they run, and are left to it, as are handlers that are no controllers (the actuator's).
 *
 * <p>What a handler method answers with is worked out once per method and kept: merging its
 * annotations and resolving its return type on every request took 4.7 % of order-service's CPU
 * while it accepted orders (docs/engineering/benchmarks.md).
 */
public final class AnswerableAccept implements HandlerInterceptor {

  private final Supplier<List<HttpMessageConverter<?>>> converters;

  /** Per handler method, the body type to check the {@code Accept} against; empty: nothing to. */
  private final Map<HandlerKey, Optional<Class<?>>> checked = new ConcurrentHashMap<>();

  public AnswerableAccept(Supplier<List<HttpMessageConverter<?>>> converters) {
    this.converters = converters;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws IOException {
    if (request.getDispatcherType() != DispatcherType.REQUEST
        || !(handler instanceof HandlerMethod method)) {
      return true;
    }
    var body =
        checked.computeIfAbsent(
            new HandlerKey(method.getBeanType(), method.getMethod()), key -> toCheck(method));
    if (body.isEmpty()) {
      return true;
    }
    var accepted =
        Collections.list(request.getHeaders(HttpHeaders.ACCEPT)).stream()
            .filter(accept -> !accept.isBlank())
            .flatMap(accept -> MediaType.parseMediaTypes(accept).stream())
            .toList();
    if (accepted.isEmpty() || answerable(body.get(), accepted)) {
      return true;
    }
    ProblemResponses.send(
        request,
        response,
        Problems.of(
            HttpStatus.NOT_ACCEPTABLE,
            "not-acceptable",
            "Not Acceptable",
            "This path answers in application/json: accept it, or send no Accept."));
    return false;
  }

  /**
   * The body type a controller's method answers with, if the {@code Accept} is to be checked
   * against it: not for a method that declares what it produces, answers without a body, or with
   * one no converter writes (Spring's own answer then says so).
   */
  private Optional<Class<?>> toCheck(HandlerMethod method) {
    if (!AnnotatedElementUtils.hasAnnotation(method.getBeanType(), Controller.class)
        || declaresWhatItProduces(method)) {
      return Optional.empty();
    }
    var body = bodyType(method);
    return body == null || !writable(body, null) ? Optional.empty() : Optional.of(body);
  }

  private static boolean declaresWhatItProduces(HandlerMethod method) {
    var mapping =
        AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequestMapping.class);
    return mapping != null && mapping.produces().length > 0;
  }

  /** The class of the body the handler answers with; null if it answers without one. */
  private static @Nullable Class<?> bodyType(HandlerMethod method) {
    var type = ResolvableType.forMethodReturnType(method.getMethod());
    if (HttpEntity.class.isAssignableFrom(type.toClass())) {
      type = type.as(HttpEntity.class).getGeneric(0);
    }
    var body = type.toClass();
    return body == void.class || body == Void.class ? null : body;
  }

  private boolean answerable(Class<?> body, List<MediaType> accepted) {
    return accepted.stream().anyMatch(type -> writable(body, type));
  }

  private boolean writable(Class<?> body, @Nullable MediaType type) {
    return converters.get().stream().anyMatch(converter -> converter.canWrite(body, type));
  }

  /** A handler method as the bean it is called on sees it. */
  private record HandlerKey(Class<?> beanType, Method method) {}
}
