package dev.orderflow.platform.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

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
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/admin/**} needs HTTP Basic with the configured admin; everything else (the public
 * API, health, metrics) stays open. Stateless and without CSRF tokens: no browser session is
 * involved, each request carries its credentials.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(AdminProperties.class)
public class AdminSecurityConfiguration {

  static final String REALM = "orderflow admin";
  private static final Logger log = LoggerFactory.getLogger(AdminSecurityConfiguration.class);

  @Bean
  @Order(1)
  SecurityFilterChain adminApi(HttpSecurity http, AuthenticationEntryPoint adminChallenge) {
    return http.securityMatcher("/api/admin/**")
        .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("ADMIN"))
        .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(adminChallenge))
        .exceptionHandling(errors -> errors.authenticationEntryPoint(adminChallenge))
        .csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .build();
  }

  @Bean
  @Order(2)
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

  /** The admin, if configured; otherwise no user at all, and every admin request gets 401. */
  @Bean
  InMemoryUserDetailsManager adminUsers(AdminProperties admin) {
    if (!admin.configured()) {
      log.warn("Admin API refused to everyone: set ADMIN_USER and ADMIN_PASSWORD to use it");
      return new InMemoryUserDetailsManager(List.<UserDetails>of());
    }
    var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    return new InMemoryUserDetailsManager(
        User.withUsername(admin.user())
            .password(encoder.encode(admin.password()))
            .roles("ADMIN")
            .build());
  }

  /** 401 as a problem, with the Basic challenge a client needs to retry with credentials. */
  @Bean
  AuthenticationEntryPoint adminChallenge() {
    var json = JsonMapper.builder().build();
    return (request, response, failure) -> {
      var problem =
          Problems.of(
              HttpStatus.UNAUTHORIZED,
              "unauthorized",
              "Credentials needed",
              "The admin API needs HTTP Basic credentials of the configured admin.");
      problem.setInstance(java.net.URI.create(request.getRequestURI()));
      response.setStatus(HttpStatus.UNAUTHORIZED.value());
      response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.getOutputStream().write(json.writeValueAsString(problem).getBytes(UTF_8));
    };
  }
}
