package dev.orderflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.PlatformTestSupport;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.ObservationFilterChainDecorator;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.MockMvc;

/** What every service exposes through the platform's defaults, and what it must never expose. */
class ActuatorExposureIT extends PlatformTestSupport {

  @Autowired MockMvc mvc;
  @Autowired MeterRegistry meters;
  @Autowired FilterChainProxy filterChains;

  @Test
  void health_tells_anyone_it_is_up_and_only_the_admin_why() throws Exception {
    mvc.perform(get("/actuator/health"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("UP"))
        .andExpect(jsonPath("$.components").doesNotExist());
    mvc.perform(get("/actuator/health/readiness"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.components").doesNotExist());

    mvc.perform(get("/actuator/health").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.components.mongo.status").value("UP"))
        .andExpect(jsonPath("$.components.diskSpace.details").exists());
  }

  @Test
  void health_with_wrong_credentials_is_refused_rather_than_answered_anonymously()
      throws Exception {
    mvc.perform(get("/actuator/health").with(httpBasic(ADMIN, "not-the-password")))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:unauthorized"));
  }

  @Test
  void prometheus_metrics_are_exposed() throws Exception {
    mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
  }

  @Test
  void a_request_is_one_observation_not_one_per_security_filter() throws Exception {
    mvc.perform(get("/actuator/health")).andExpect(status().isOk());

    assertThat(meters.find("http.server.requests").timers()).isNotEmpty();
    // A timer only: no long-task timer of the requests in progress.
    assertThat(meters.find("http.server.requests.active").meters()).isEmpty();
    assertThat(meters.getMeters()).noneMatch(LongTaskTimer.class::isInstance);
    assertThat(meters.getMeters())
        .extracting(meter -> meter.getId().getName())
        .noneMatch(name -> name.startsWith("spring.security."));
    // Not even observations made and dropped: the filters are not wrapped at all.
    assertThat(ReflectionTestUtils.getField(filterChains, "filterChainDecorator"))
        .isNotInstanceOf(ObservationFilterChainDecorator.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"env", "heapdump", "beans", "configprops", "threaddump", "shutdown"})
  void endpoints_that_leak_secrets_or_state_are_not_exposed(String endpoint) throws Exception {
    mvc.perform(get("/actuator/" + endpoint)).andExpect(status().isNotFound());
  }
}
