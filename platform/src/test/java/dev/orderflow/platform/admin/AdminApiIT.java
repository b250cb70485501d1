package dev.orderflow.platform.admin;

import static org.hamcrest.Matchers.hasItem;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.PlatformTestSupport;
import dev.orderflow.platform.instance.InstanceName;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

class AdminApiIT extends PlatformTestSupport {

  @Autowired MockMvc mvc;
  @Autowired MeterRegistry meters;
  @Autowired InstanceName instance;

  @Test
  void the_admin_api_refuses_requests_without_credentials_with_a_401_problem() throws Exception {
    mvc.perform(get("/api/admin/faults"))
        .andExpect(status().isUnauthorized())
        .andExpect(header().string("WWW-Authenticate", "Basic realm=\"orderflow admin\""))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:unauthorized"));
  }

  @Test
  void the_admin_api_refuses_wrong_credentials() throws Exception {
    mvc.perform(get("/api/admin/faults").with(httpBasic(ADMIN, "wrong")))
        .andExpect(status().isUnauthorized());
    mvc.perform(
            put("/api/admin/faults/relay-pause")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
        .andExpect(status().isUnauthorized());
  }

  @Test
  void the_public_api_and_health_need_no_credentials() throws Exception {
    mvc.perform(get("/actuator/health")).andExpect(status().isOk());
  }

  @Test
  void the_relay_faults_are_listed_switched_on_and_off_and_show_in_the_metric() throws Exception {
    mvc.perform(get("/api/admin/faults").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[?(@.name == 'relay-pause')].enabled").value(false))
        .andExpect(jsonPath("$[?(@.name == 'duplicate-delivery')]").exists());

    mvc.perform(
            put("/api/admin/faults/relay-pause")
                .with(httpBasic(ADMIN, PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":true}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.enabled").value(true))
        .andExpect(jsonPath("$.since").exists())
        .andExpect(jsonPath("$.instances.applied").value(hasItem(instance.value())))
        .andExpect(jsonPath("$.instances.pending").isEmpty());
    org.assertj.core.api.Assertions.assertThat(
            meters.get("faults.active").tag("name", "relay-pause").gauge().value())
        .isEqualTo(1.0);

    mvc.perform(delete("/api/admin/faults/relay-pause").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.enabled").value(false));
    org.assertj.core.api.Assertions.assertThat(
            meters.get("faults.active").tag("name", "relay-pause").gauge().value())
        .isEqualTo(0.0);
  }

  @Test
  void an_unknown_fault_is_404_and_a_parameter_it_does_not_take_is_400() throws Exception {
    mvc.perform(
            put("/api/admin/faults/meteor-strike")
                .with(httpBasic(ADMIN, PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":true}"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:unknown-fault"));
    mvc.perform(
            put("/api/admin/faults/relay-pause")
                .with(httpBasic(ADMIN, PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":true,\"latencyMs\":5}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:invalid-request"));
  }

  @Test
  void a_client_whose_credentials_were_refused_too_often_is_refused_for_a_while_alone()
      throws Exception {
    for (int i = 0; i < 10; i++) {
      mvc.perform(
              get("/api/admin/faults").with(from("10.7.0.1")).with(httpBasic(ADMIN, "guess-" + i)))
          .andExpect(status().isUnauthorized());
    }

    mvc.perform(get("/api/admin/faults").with(from("10.7.0.1")).with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isTooManyRequests())
        .andExpect(header().exists("Retry-After"))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:rate-limited"));
    mvc.perform(get("/api/admin/faults").with(from("10.7.0.2")).with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk());
    org.assertj.core.api.Assertions.assertThat(
            meters.get("http.rate.limited").tag("limit", "failed-logins").counter().count())
        .isPositive();
  }

  @Test
  void a_client_that_logs_in_right_is_not_slowed_down_by_the_throttle() throws Exception {
    for (int i = 0; i < 15; i++) {
      mvc.perform(get("/api/admin/faults").with(from("10.7.0.3")).with(httpBasic(ADMIN, PASSWORD)))
          .andExpect(status().isOk());
    }
  }

  @Test
  void a_client_without_credentials_is_asked_for_them_however_often_it_comes() throws Exception {
    for (int i = 0; i < 15; i++) {
      mvc.perform(get("/api/admin/faults").with(from("10.7.0.4")))
          .andExpect(status().isUnauthorized());
    }
  }

  private static RequestPostProcessor from(String address) {
    return request -> {
      request.setRemoteAddr(address);
      return request;
    };
  }
}
