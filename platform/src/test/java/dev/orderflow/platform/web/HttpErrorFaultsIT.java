package dev.orderflow.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderflow.platform.PlatformTestApplication.Echo;
import dev.orderflow.platform.PlatformTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

class HttpErrorFaultsIT extends PlatformTestSupport {

  @Autowired MockMvc mvc;
  @Autowired MeterRegistry meters;

  @AfterEach
  void switchOff() throws Exception {
    mvc.perform(delete("/api/admin/faults/http-errors").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk());
  }

  @Test
  void at_100_percent_every_api_request_is_a_503_problem_and_counted_as_one() throws Exception {
    switchOn(100);
    var before = answered("/counted", "503");
    var handled = Echo.HANDLED.get();

    mvc.perform(post("/counted"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:orderflow:problem:injected-fault"))
        .andExpect(jsonPath("$.title").value("Injected fault"))
        .andExpect(jsonPath("$.status").value(503))
        .andExpect(jsonPath("$.instance").value("/counted"));

    assertThat(Echo.HANDLED.get()).as("the handler never ran").isEqualTo(handled);
    assertThat(answered("/counted", "503"))
        .as("http_server_requests_seconds_count{uri=\"/counted\",status=\"503\"}, as a real 503")
        .isEqualTo(before + 1);
  }

  @Test
  void the_actuator_and_the_admin_api_are_never_refused() throws Exception {
    switchOn(100);

    mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk());
    mvc.perform(get("/api/admin/faults").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[?(@.name == 'http-errors')].enabled").value(true));
  }

  @Test
  void a_share_of_the_requests_fails_and_the_rest_is_handled() throws Exception {
    switchOn(50);
    var failed = 0;
    var handled = 0;
    for (var i = 0; i < 200; i++) {
      var status = mvc.perform(post("/counted")).andReturn().getResponse().getStatus();
      if (status == 503) {
        failed++;
      } else if (status == 200) {
        handled++;
      }
    }

    // Each of 200 requests fails with probability 1/2: fewer than 50 of either is a 1e-13 chance.
    assertThat(failed).isGreaterThan(50);
    assertThat(handled).isGreaterThan(50);
    assertThat(failed + handled).isEqualTo(200);
  }

  @Test
  void switched_off_every_request_is_handled_again() throws Exception {
    switchOn(100);
    mvc.perform(post("/counted")).andExpect(status().isServiceUnavailable());

    mvc.perform(delete("/api/admin/faults/http-errors").with(httpBasic(ADMIN, PASSWORD)))
        .andExpect(status().isOk());

    mvc.perform(post("/counted"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.handled").isNumber());
  }

  @Test
  void a_percent_outside_1_to_100_is_refused() throws Exception {
    for (var percent : new int[] {0, 101}) {
      mvc.perform(
              put("/api/admin/faults/http-errors")
                  .with(httpBasic(ADMIN, PASSWORD))
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"enabled\":true,\"percent\":" + percent + "}"))
          .andExpect(status().isBadRequest());
    }
  }

  private void switchOn(int percent) throws Exception {
    mvc.perform(
            put("/api/admin/faults/http-errors")
                .with(httpBasic(ADMIN, PASSWORD))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"enabled\":true,\"percent\":" + percent + "}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.parameters.percent").value(percent));
  }

  private long answered(String uri, String status) {
    var timer = meters.find("http.server.requests").tag("uri", uri).tag("status", status).timer();
    return timer == null ? 0 : timer.count();
  }
}
