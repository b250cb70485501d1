package dev.orderflow.platform.admin;

import dev.orderflow.platform.web.ClientLimits;
import dev.orderflow.platform.web.ProblemResponses;
import dev.orderflow.platform.web.Problems;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * {@code /api/admin/**} needs HTTP Basic with the configured admin. The health endpoint is open,
 * but shows its components' details (database, disk, breakers) only to the admin. Everything else
 * (the public API, metrics) stays open. Stateless and without CSRF tokens: no browser session is
 * involved, each request carries its credentials. A client whose credentials were refused too often
 * is refused for a while without their being checked ({@link FailedLoginThrottle}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AdminProperties.class)
public class AdminSecurityConfiguration {

  static final String REALM = "orderflow admin";
  private static final Logger log = LoggerFactory.getLogger(AdminSecurityConfiguration.class);

  @Bean
  @Order(1)
  SecurityFilterChain adminApi(
      HttpSecurity http, AuthenticationEntryPoint adminChallenge, ClientLimits limits) {
    return basicAuthentication(http.securityMatcher("/api/admin/**"), adminChallenge, limits)
        .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ADMIN"))
        .build();
  }

  /**
   * Anyone may ask how a service is; who sends the admin's credentials also learns why ({@code
   * management.endpoint.health.show-details=when-authorized}).
   */
  @Bean
  @Order(2)
  SecurityFilterChain health(
      HttpSecurity http, AuthenticationEntryPoint adminChallenge, ClientLimits limits) {
    return basicAuthentication(
            http.securityMatcher("/actuator/health", "/actuator/health/**"), adminChallenge, limits)
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .build();
  }

  private static HttpSecurity basicAuthentication(
      HttpSecurity http, AuthenticationEntryPoint adminChallenge, ClientLimits limits) {
    return http.httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(adminChallenge))
        .addFilterBefore(new FailedLoginThrottle(limits), BasicAuthenticationFilter.class)
        .exceptionHandling(errors -> errors.authenticationEntryPoint(adminChallenge))
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
  }

  @Bean
  @Order(3)
  SecurityFilterChain everythingElse(HttpSecurity http) {
    return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        .csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  /**
   * None of Spring Security's own observations (a timer and span events for each filter of every
   * chain, authentications, authorizations): nothing uses them, and a request's own observation
   * ({@code http.server.requests}, its span) is what dashboards, alerts and traces read. Without
   * this, Security wraps every filter of every chain in an observation even when {@code
   * management.observations.enable.spring.security=false} then drops it: 3 % of order-service's CPU
   * samples at 160 orders/s (docs/engineering/benchmarks.md).
   */
  @Bean
  SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /**
   * PBKDF2 rather than bcrypt: bcrypt reads only a password's first 72 bytes (Spring Security
   * refuses longer ones, so a long {@code ADMIN_PASSWORD} stopped the service). The hash lives in
   * memory only, derived at start from the configured password, so its work factor defends little;
   * it is kept low enough that each admin request costs milliseconds, not a CPU-second's fraction
   * anyone can ask for.
   */
  @Bean
  PasswordEncoder adminPasswordEncoder() {
    return new Pbkdf2PasswordEncoder(
        "", 16, 10_000, SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256);
  }

  /** The admin, if configured; otherwise no user at all, and every admin request gets 401. */
  @Bean
  InMemoryUserDetailsManager adminUsers(AdminProperties admin, PasswordEncoder encoder) {
    if (!admin.configured()) {
      log.warn("Admin API refused to everyone: set ADMIN_USER and ADMIN_PASSWORD to use it");
      return new InMemoryUserDetailsManager(List.<UserDetails>of());
    }
    return new InMemoryUserDetailsManager(
        User.withUsername(admin.user())
            .password(encoder.encode(admin.password()))
            .roles("ADMIN")
            .build());
  }

  /**
   * 401 as a problem, with the Basic challenge a client needs to retry with credentials; refused
   * credentials count against the client's {@value ClientLimits#FAILED_LOGINS} limit.
   */
  @Bean
  AuthenticationEntryPoint adminChallenge(ClientLimits limits) {
    return (request, response, failure) -> {
      if (failure instanceof BadCredentialsException) {
        limits.spend(ClientLimits.FAILED_LOGINS, request.getRemoteAddr());
      }
      response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
      ProblemResponses.send(
          request,
          response,
          Problems.of(
              HttpStatus.UNAUTHORIZED,
              "unauthorized",
              "Credentials needed",
              "This needs HTTP Basic credentials of the configured admin."));
    };
  }
}
