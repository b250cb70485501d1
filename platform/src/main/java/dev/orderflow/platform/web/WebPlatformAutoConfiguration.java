package dev.orderflow.platform.web;

import dev.orderflow.platform.PlatformAutoConfiguration;
import dev.orderflow.platform.admin.AdminProblems;
import dev.orderflow.platform.admin.AdminSecurityConfiguration;
import dev.orderflow.platform.admin.DeadLettersController;
import dev.orderflow.platform.admin.FaultsController;
import dev.orderflow.platform.faults.Faults;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * The HTTP edge every service shares: a problem detail for every error ({@code 503} when MongoDB
 * cannot be reached), limits on what a client may send and how often, the admin API behind its
 * credentials, and what a request is about in the logging context.
 */
@AutoConfiguration(
    after = PlatformAutoConfiguration.class,
    // Our RequestProblems replaces Boot's default problem-details handler, so decide before it
    // does.
    beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({WebProperties.class, LimitsProperties.class})
@Import({
  AdminSecurityConfiguration.class,
  FaultsController.class,
  DeadLettersController.class,
  AdminProblems.class,
  ProblemErrorController.class
})
public class WebPlatformAutoConfiguration {

  @Bean
  ProblemErrorReportValve.Installer problemErrorReports() {
    return new ProblemErrorReportValve.Installer();
  }

  @Bean
  ClientLimits clientLimits(LimitsProperties properties, MeterRegistry meters) {
    return new ClientLimits(properties, meters);
  }

  @Bean
  RequestProblems requestProblems() {
    return new RequestProblems();
  }

  @Bean
  FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(
      WebProperties properties, MeterRegistry meters) {
    var registration =
        new FilterRegistrationBean<>(new RequestSizeLimit(properties.maxRequestSize(), meters));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  @Bean
  FilterRegistrationBean<RequestMediaTypes> requestMediaTypes() {
    var registration = new FilterRegistrationBean<>(new RequestMediaTypes());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  @Bean
  FilterRegistrationBean<ActuatorProblems> actuatorProblems() {
    var registration = new FilterRegistrationBean<>(new ActuatorProblems());
    registration.addUrlPatterns("/actuator/*");
    return registration;
  }

  /** The fault {@code http-errors}: a share of the requests answered 503. */
  @Bean
  HttpErrorFaults httpErrorFaults(Faults faults) {
    return new HttpErrorFaults(faults);
  }

  /**
   * {@code 503 store-unavailable} for a request that failed because MongoDB cannot be reached:
   * after Spring MVC's own resolvers, so only for what no {@code @ExceptionHandler} answered. Not a
   * resolver bean: the dispatcher would find that among the beans and call it a second time.
   */
  @Bean
  WebMvcConfigurer storeUnavailableProblems(MeterRegistry meters) {
    var storeUnavailable = new StoreUnavailableProblems(meters);
    return new WebMvcConfigurer() {
      @Override
      public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        resolvers.add(storeUnavailable);
      }
    };
  }

  @Bean
  WebMvcConfigurer platformInterceptors(
      WebProperties properties,
      ObjectProvider<RequestMappingHandlerAdapter> adapter,
      HttpErrorFaults httpErrors) {
    var context = new RouteLogContext(properties.logContext());
    var answerable = new AnswerableAccept(() -> adapter.getObject().getMessageConverters());
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        // First: an injected 503 answers before anything else looks at the request.
        registry.addInterceptor(httpErrors).excludePathPatterns(HttpErrorFaults.SPARED);
        registry.addInterceptor(answerable);
        registry.addInterceptor(context);
      }
    };
  }
}
